"""`rpl restore FILE`: replace the site's database with a backup from `rpl backup`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rpl.cli.common import EXIT_INTERNAL, fail_with_problems, guard, setup_django

CONFIRMATION_WORD = "restore"


@click.command(name="restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Replace the database without asking (for scripts). Without it, a database that "
    f"holds data is replaced only after you type '{CONFIRMATION_WORD}'.",
)
@guard
def restore(file: Path, force: bool) -> None:
    """Replace the site's whole database with the backup in FILE, then check its integrity.

    \b
    Refuses, changing nothing, a file that is not a backup signed with this
    site's backup key (RPL_BACKUP_KEY, else backup-key in the data directory),
    not for this kind of database (SQLite or PostgreSQL), damaged, or whose
    schema and triggers are not what its migrations make. Everything in the
    database now is replaced; stop `rpl serve` first. After a restore from an
    older version, run the migrations (docs/deployment.md).

    Exit status: 0 when restored and the integrity check passed, 2 when nothing was
    restored, 1 when the integrity check failed afterwards.
    """
    setup_django()
    from django.db import DatabaseError

    from rpl.web import backup as backups

    try:
        kind = backups.database_kind()
        where = backups.describe_database()
        # Every check (signature, kind, soundness, schema against the migrations) before the
        # question, and before anything of the live database is touched.
        with backups.checked_backup(file, kind) as checked:
            held = {label: count for label, count in backups.current_counts().items() if count}
            if held and not force:
                _confirm(where, held)
            result = backups.restore_checked(checked)
    except backups.BackupError as error:
        fail_with_problems([str(error)])
    except DatabaseError as error:
        fail_with_problems([f"database error ({error.__class__.__name__}); nothing was restored"])
    if result.problems:
        for problem in result.problems:
            click.echo(f"error: integrity check: {problem}", err=True)
        sys.exit(EXIT_INTERNAL)
    counts = ", ".join(f"{label}: {count}" for label, count in result.counts.items())
    click.echo(f"Restored {where} from {file} ({counts}). Integrity check passed.")
    if result.unapplied_migrations:
        click.echo(
            f"Note: the backup predates {len(result.unapplied_migrations)} migration(s) of this "
            "version; run `django-admin migrate` before serving (docs/deployment.md).",
            err=True,
        )
    if result.unknown_migrations:
        click.echo(
            "Warning: the backup was made by a newer version of RPL Care (migrations "
            f"{', '.join(result.unknown_migrations)}); run that version.",
            err=True,
        )


def _confirm(where: str, held: dict[str, int]) -> None:
    summary = ", ".join(f"{label}: {count}" for label, count in held.items())
    click.echo(f"This replaces everything in {where}, which holds data now ({summary}).", err=True)
    try:
        answer = click.prompt(
            f"Type '{CONFIRMATION_WORD}' to replace it", default="", show_default=False, err=True
        )
    except click.Abort:
        answer = ""
    if answer.strip().lower() != CONFIRMATION_WORD:
        fail_with_problems(["not confirmed; nothing was restored (pass --force in scripts)"])


COMMAND = restore
