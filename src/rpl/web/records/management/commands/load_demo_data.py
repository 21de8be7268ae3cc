from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rpl.web import demo


class Command(BaseCommand):
    help = (
        "Load the RPL Care demo: staff groups, demo clinician, receptionist and admin users, "
        "and the example couple records. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo.load()
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"Demo data: {len(demo.DEMO_USERS)} staff users ({summary.users_created} new), "
            f"{summary.records_total} couple records ({summary.records_created} new). "
            f"Demo logins are in {demo.credentials_path()}"
        )
