"""`rpl assess`: read a couple record, assess it under a profile, print the assessment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from rpl.cli.common import guard, read_input, resolve_today, today_option
from rpl.core.assessment import assess
from rpl.core.languages import language_codes
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from rpl.present.assessment import for_clinician
from rpl.present.text import clinician_text
from rpl.present.translate import translator


@click.command(name="assess")
@click.argument("file", metavar="FILE")
@click.option(
    "--profile",
    "profile_id",
    metavar="ID",
    default=None,
    help="Guideline profile (eshre-2022, rcog-2023, asrm-2012, vn-moh-22w, cn-consensus-2022 "
    "or a clinic's own; docs/profiles.md). "
    "Default: the record's `profile`, else eshre-2022.",
)
@click.option(
    "--profile-dir",
    "profile_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of extra profile files (YAML), e.g. a clinic's 22-week profile. Repeatable.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="json: the rpl-assessment/1 document; text: a readable summary.",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(language_codes(), case_sensitive=False),
    default="en",
    show_default=True,
    help="Language of the text format.",
)
@today_option
@guard
def command(
    file: str,
    profile_id: str | None,
    profile_dirs: tuple[Path, ...],
    output_format: str,
    language: str,
    today: dt.datetime | None,
) -> None:
    """Assess the rpl-couple/1 record in FILE ("-" reads standard input).

    Exit status: 0 on success, 2 when the record or a profile is invalid (one line per
    problem, naming the field), 1 on an internal error.
    """
    checked = parse_record(read_input(file), today=resolve_today(today))
    profiles = load_profiles(profile_dirs)
    profile = get_profile(profile_id or checked.record.profile, profiles)
    assessment = assess(checked, profile)
    if output_format == "json":
        click.echo(assessment.model_dump_json(indent=2))
    else:
        tr = translator(language)
        view = for_clinician(assessment, tr, record=checked.record)  # with the results
        click.echo(clinician_text(view, tr))


COMMAND = command
