"""`rpl retention [--apply]`: delete closed bookings and answered questions older than the
retention period (RPL_RETENTION_DAYS; docs/reliability.md). A dry run unless --apply."""

from __future__ import annotations

import click

from rpl.cli.common import fail_with_problems, guard, setup_django


@click.command(name="retention")
@click.option("--apply", "apply", is_flag=True, help="Delete them (default: only count them).")
@guard
def retention(apply: bool) -> None:
    """Count, or with --apply delete, what the retention period says should go.

    \b
    Closed bookings (done or cancelled) received, and questions whose answer was
    published, more than RPL_RETENTION_DAYS days ago. Couple records are clinical
    records and are never deleted by this. With --apply the deletion is one
    transaction with one audit event per kind (counts only). Run it daily (cron).
    """
    setup_django()
    from django.conf import settings

    from rpl.web.privacy import services

    days = settings.RPL_RETENTION_DAYS
    if days is None:
        fail_with_problems(["no retention period: set RPL_RETENTION_DAYS (days) to use retention"])
    result = services.retention(days, apply=apply)
    before = result.cutoff.strftime("%Y-%m-%d %H:%M UTC")
    verb = "Deleted" if apply else "Would delete"
    click.echo(
        f"{verb} {result.bookings} closed booking(s) received and {result.questions} "
        f"question(s) answered before {before} (retention {days} days)."
    )
    if not apply:
        click.echo("Dry run: nothing was changed. Run with --apply to delete them.")


COMMAND = retention
