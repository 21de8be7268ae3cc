"""`rpl fhir export|import`: a couple record to a FHIR R4 Bundle and back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from rpl.cli.common import guard, read_input, resolve_today, today_option
from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles


@click.group(name="fhir")
def group() -> None:
    """Convert between rpl-couple/1 records and FHIR R4 Bundles (docs/fhir.md)."""


@group.command(name="export")
@click.argument("file", metavar="RECORD")
@click.option("--profile", "profile_id", metavar="ID", default=None, help="Guideline profile.")
@click.option(
    "--profile-dir",
    "profile_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of extra profile files (YAML). Repeatable.",
)
@today_option
@guard
def export_command(
    file: str, profile_id: str | None, profile_dirs: tuple[Path, ...], today: dt.datetime | None
) -> None:
    """Assess the record in RECORD ("-" reads standard input) and print it as a FHIR Bundle.

    Exit status: 0 on success, 2 when the record or profile is invalid, 1 on an internal error.
    """
    from rpl.interop.fhir.export import export_bundle

    checked = parse_record(read_input(file), today=resolve_today(today))
    profile = get_profile(profile_id or checked.record.profile, load_profiles(profile_dirs))
    bundle = export_bundle(checked, assess(checked, profile))
    click.echo(json.dumps(bundle, indent=2, ensure_ascii=False))


@group.command(name="import")
@click.argument("file", metavar="BUNDLE")
@today_option
@guard
def import_command(file: str, today: dt.datetime | None) -> None:
    """Read the FHIR Bundle in BUNDLE ("-" reads standard input) and print an rpl-couple/1 record.

    What could not be mapped is listed on standard error, one line each, by resource and code
    (never by value). Exit status: 0 on success (even with unmapped parts), 2 when the Bundle is
    not valid FHIR or gives no valid record, 1 on an internal error.
    """
    from rpl.interop.fhir.importer import import_bundle

    result = import_bundle(read_input(file), today=resolve_today(today))
    for line in result.unmapped:
        click.echo(f"unmapped: {line}", err=True)
    for line in result.skipped:
        click.echo(f"skipped: {line}", err=True)
    for line in result.notes:
        click.echo(f"note: {line}", err=True)
    click.echo(json.dumps(result.document, indent=2, ensure_ascii=False))


COMMAND = group


@group.command(name="terminology")
@click.option(
    "--write",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write every resource into this folder (the repository keeps them in "
    "src/rpl/interop/fhir/terminology).",
)
@guard
def terminology_command(folder: Path | None) -> None:
    """Print (or write) RPL Care's CodeSystems, ValueSets and ConceptMap as FHIR R4 JSON.

    Without --write, prints a collection Bundle of them. Exit status: 0 on success.
    """
    from rpl.interop.fhir import terminology

    if folder is not None:
        for path in terminology.write(folder):
            click.echo(str(path))
        return
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": resource["url"], "resource": resource}
            for resource in terminology.all_resources()
        ],
    }
    click.echo(json.dumps(bundle, indent=2, ensure_ascii=False))
