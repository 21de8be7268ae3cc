"""`rpl schema`: print the JSON Schema of the record contract (or of the assessment)."""

from __future__ import annotations

import json

import click

from rpl.core.schemas import SCHEMAS, json_schema


@click.command(name="schema")
@click.option(
    "--of",
    "which",
    type=click.Choice(sorted(SCHEMAS)),
    default="couple",
    show_default=True,
    help="couple: input rpl-couple/1; assessment: output rpl-assessment/1; profile: a profile file.",
)
def command(which: str) -> None:
    """Print a JSON Schema (draft 2020-12) generated from the models."""
    click.echo(json.dumps(json_schema(which), indent=2, ensure_ascii=False))


COMMAND = command
