"""`rpl report`: a printable PDF report of a couple record, for the clinician or the couple."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from rpl.cli.common import guard, read_input, resolve_today, today_option
from rpl.core.governance import SignOff
from rpl.core.languages import language_codes
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles


def _setup_django() -> None:
    """Reports use Django's templates and translations; no database is needed."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")
    import django

    django.setup()


def _review_states() -> dict[str, SignOff] | None:
    """The clinic's sign-off of each rule from its database when there is one; else None
    (not shown)."""
    from django.db import DatabaseError

    from rpl.web.clinic.selectors import rule_sign_offs

    try:
        return rule_sign_offs()
    except DatabaseError:
        return None


@click.command(name="report")
@click.argument("file", metavar="RECORD.json")
@click.option(
    "--lang",
    "language",
    type=click.Choice(language_codes(), case_sensitive=False),
    default="en",
    show_default=True,
    help="Language of the report.",
)
@click.option(
    "--audience",
    type=click.Choice(["clinician", "patient"]),
    default="clinician",
    show_default=True,
    help="clinician: the full plan with citations; patient: the plan in plain words.",
)
@click.option("--profile", "profile_id", metavar="ID", default=None, help="Guideline profile.")
@click.option(
    "--profile-dir",
    "profile_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of extra profile files (YAML). Repeatable.",
)
@click.option(
    "-o",
    "--output",
    metavar="OUT.pdf",
    required=True,
    help='Where to write the PDF ("-" writes to standard output).',
)
@today_option
@guard
def command(
    file: str,
    language: str,
    audience: str,
    profile_id: str | None,
    profile_dirs: tuple[Path, ...],
    output: str,
    today: dt.datetime | None,
) -> None:
    """Write a PDF report of the rpl-couple/1 record in RECORD.json ("-" reads standard input).

    Exit status: 0 on success, 2 when the record or a profile is invalid (one line per
    problem), 1 on an internal error. Rule review states come from the clinic database when
    one is set up (`rpl demo` or DATABASE_URL); otherwise the report says they are unavailable.
    """
    checked = parse_record(read_input(file), today=resolve_today(today))
    profile = get_profile(profile_id or checked.record.profile, load_profiles(profile_dirs))
    _setup_django()
    from rpl.web.reports.pdf import render_report

    pdf = render_report(
        checked,
        profile,
        audience=audience,
        language=language.lower(),
        reviews=_review_states(),
        generated_on=resolve_today(today),
    )
    if output == "-":
        sys.stdout.buffer.write(pdf)
    else:
        Path(output).write_bytes(pdf)
        click.echo(f"wrote {output} ({audience}, {language}, {profile.id})", err=True)


COMMAND = command
