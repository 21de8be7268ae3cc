from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rpl.web.audit.models import AuditEvent
from rpl.web.records.ids import is_valid_id, repair_ids
from rpl.web.records.models import CoupleRecord


class Command(BaseCommand):
    help = (
        "Find couple records whose stored id is not a valid id (letters, digits, - and _ only); "
        "with --repair, give each a valid one (audited). Exit status 1 when some were found "
        "and not repaired."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="Repair the ids found.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["repair"]:
            with transaction.atomic():
                repaired = repair_ids(CoupleRecord, AuditEvent)
            for old, new in repaired:
                self.stdout.write(f"repaired: {old!r} is now {new!r}")
            self.stdout.write(f"{len(repaired)} record id(s) repaired.")
            return
        bad = [
            local_id
            for local_id in CoupleRecord.objects.values_list("local_id", flat=True)
            if not is_valid_id(local_id)
        ]
        for local_id in bad:
            self.stdout.write(f"not a valid id: {local_id!r}")
        if bad:
            raise CommandError(f"{len(bad)} record id(s) are not valid; run with --repair")
        self.stdout.write("Every record id is valid.")
