"""`rpl backup --out FILE`: a consistent copy of the site's whole database (docs/reliability.md)."""

from __future__ import annotations

from pathlib import Path

import click

from rpl.cli.common import fail_with_problems, guard, setup_django


@click.command(name="backup")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The backup file to write (readable by you only).",
)
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@guard
def backup(out: Path, force: bool) -> None:
    """Back up the site's database (DATABASE_URL, else SQLite in the data directory) to FILE.

    \b
    SQLite: SQLite's online backup API, safe while `rpl serve` is running.
    PostgreSQL: pg_dump's custom format (needs the PostgreSQL client programs).
    The copy is signed with the site's backup key (RPL_BACKUP_KEY, else
    backup-key in the data directory, made by the first backup): keep a copy
    of the key apart from the backups, a restore needs it. Restore with
    `rpl restore FILE`. The file holds patient data: keep it as safe as the
    database.

    Exit status: 0 when the backup is written and checked, 2 when it could not be made.
    """
    setup_django()
    from django.db import DatabaseError

    from rpl.web import backup as backups

    try:
        result = backups.backup(out, overwrite=force)
    except backups.BackupError as error:
        fail_with_problems([str(error)])
    except DatabaseError as error:
        fail_with_problems([f"database error ({error.__class__.__name__})"])
    size = f"{result.size_bytes / 1_000_000:.1f} MB"
    click.echo(f"Backed up {backups.describe_database()} to {result.path} ({size}).")
    if result.key_created is not None:
        click.echo(
            f"Made the backup key {result.key_created}: keep a copy of it apart from the "
            "backups (a password manager, the clinic's safe); a restore needs it."
        )


COMMAND = backup
