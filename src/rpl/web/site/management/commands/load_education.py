from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rpl.core.education import EducationError
from rpl.web.site.education import load_education


class Command(BaseCommand):
    help = (
        "Load the patient education pages and FAQ from the knowledge files "
        "(src/rpl/knowledge/education). Safe to run again: creates what is missing, updates "
        "what staff have not edited, and keeps staff edits unless --overwrite-staff-edits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--overwrite-staff-edits",
            action="store_true",
            help="Replace entries that staff have edited with the files' version.",
        )
        parser.add_argument(
            "--directory", type=Path, help="Another education directory (pages/ and faq.yaml)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_education(
                options["directory"], overwrite_staff_edits=options["overwrite_staff_edits"]
            )
        except EducationError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"Education: {len(report.created)} new, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        )
        if report.kept_staff_edits:
            self.stdout.write(
                "Kept staff edits (use --overwrite-staff-edits to replace them): "
                + ", ".join(report.kept_staff_edits)
            )
        if report.overwritten_staff_edits:
            self.stdout.write("Replaced staff edits: " + ", ".join(report.overwritten_staff_edits))
        if report.not_in_files:
            self.stdout.write(
                "In the database but not in the files (left as they are): "
                + ", ".join(report.not_in_files)
            )
