"""`rpl privacy export|erase`: a privacy request from the command line, over the same functions
as the staff pages (rpl.web.privacy.services; docs/reliability.md)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from rpl.cli.common import fail_with_problems, guard, setup_django

CONFIRMATION_WORD = "erase"
VIA = " (command line)"


def _identifiers(function: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.option(
                "--booking",
                "bookings",
                multiple=True,
                metavar="REF",
                help="A booking reference. Repeatable.",
            ),
            click.option(
                "--question",
                "questions",
                multiple=True,
                metavar="N|LINK",
                help="A question's number or its private answer link. Repeatable.",
            ),
            click.option(
                "--record",
                "records",
                multiple=True,
                metavar="ID",
                help="A couple record id. Repeatable.",
            ),
        ]
    ):
        function = option(function)
    return function


def _find(bookings: tuple[str, ...], questions: tuple[str, ...], records: tuple[str, ...]) -> Any:
    setup_django()
    from rpl.web.privacy import services

    try:
        lookup = services.parse_lookup(" ".join(bookings), " ".join(questions), " ".join(records))
    except services.PrivacyError as problem:
        fail_with_problems([str(problem)])
    if lookup.is_empty:
        fail_with_problems(["give at least one --booking, --question or --record"])
    holdings = services.find(lookup)
    for missing in holdings.not_found:
        click.echo(f"not found: {missing}", err=True)
    if holdings.same_contact_bookings or holdings.same_contact_questions:
        click.echo(
            "also held under the same phone number or e-mail address (not included): "
            + ", ".join(
                [*holdings.same_contact_bookings, *map(str, holdings.same_contact_questions)]
            ),
            err=True,
        )
    if holdings.is_empty:
        fail_with_problems(["nothing found"])
    return lookup, holdings


@click.group(name="privacy")
def group() -> None:
    """Export or erase everything held about one person (docs/reliability.md).

    The person is found by identifiers only: booking references, question numbers or private
    answer links, couple record ids. Couple records started from a booking come with it.
    Every export and erasure is written to the audit trail (identifiers and counts only).
    """


@group.command(name="export")
@_identifiers
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the JSON here (readable by you only) instead of standard output.",
)
@guard
def export_command(
    bookings: tuple[str, ...],
    questions: tuple[str, ...],
    records: tuple[str, ...],
    out: Path | None,
) -> None:
    """Everything held about one person, as one JSON document (rpl-privacy-export/1)."""
    _lookup, holdings = _find(bookings, questions, records)
    from rpl.web.privacy import services

    text = services.export_json(holdings)
    if out is not None:
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    services.record_export(holdings, via=VIA)
    if out is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"Exported {holdings.summary()} to {out}.", err=True)


@group.command(name="erase")
@_identifiers
@click.option("--yes", is_flag=True, help=f"Do not ask for '{CONFIRMATION_WORD}' (for scripts).")
@guard
def erase_command(
    bookings: tuple[str, ...], questions: tuple[str, ...], records: tuple[str, ...], yes: bool
) -> None:
    """Erase everything held about one person, in one transaction, and say what went."""
    lookup, holdings = _find(bookings, questions, records)
    from rpl.web.privacy import services

    listing = "; ".join(
        f"{kind.replace('_', ' ')}: {', '.join(ids)}"
        for kind, ids in holdings.identifiers().items()
        if ids
    )
    if not yes:
        click.echo(f"This erases {holdings.summary()} for good ({listing}).", err=True)
        try:
            answer = click.prompt(
                f"Type '{CONFIRMATION_WORD}' to go on", default="", show_default=False, err=True
            )
        except click.Abort:
            answer = ""
        if answer.strip().lower() != CONFIRMATION_WORD:
            fail_with_problems(["not confirmed; nothing was erased"])
    try:
        erasure = services.erase(lookup, via=VIA)
    except services.PrivacyError as problem:
        fail_with_problems([str(problem)])
    erased = "; ".join(
        f"{kind.replace('_', ' ')}: {', '.join(ids)}"
        for kind, ids in erasure.identifiers.items()
        if ids
    )
    click.echo(f"Erased {erasure.summary()} ({erased}).")


COMMAND = group
