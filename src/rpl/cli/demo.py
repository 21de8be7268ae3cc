"""`rpl demo`: a local RPL Care with demo data, ready for `rpl serve`."""

from __future__ import annotations

import os

import click

from rpl.web import config

DEFAULT_PORT = 8000


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise click.ClickException(str(error)) from None


def _pending_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@click.command(name="demo")
@click.option(
    "--quiet-if-loaded",
    is_flag=True,
    help="If the demo is already set up, only print the address and login.",
)
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="The port `rpl serve` will use, for the address printed (`make run PORT=...`).",
)
def demo(quiet_if_loaded: bool, port: int) -> None:
    """Set up a local RPL Care with demo data, then print the site address and staff login.

    \b
    Migrates the database (SQLite in var/, or RPL_DATA_DIR, unless
    DATABASE_URL says otherwise), then loads the demo: the staff groups
    (receptionist, clinician, admin), one demo user for each, and the example
    couple records, and the patient education pages and FAQ (staff edits are
    kept). Safe to run again: nothing is duplicated.

    The demo users' passwords are generated on the first run and kept in
    demo-credentials.txt in the data directory (readable by you only).
    Refuses to run in production mode (RPL_PRODUCTION=1).
    """
    if config.is_production(os.environ):
        raise click.ClickException(
            "rpl demo creates demo staff accounts and refuses to run in production mode "
            "(RPL_PRODUCTION is set)"
        )
    _setup_django()
    from django.core.management import CommandError, call_command
    from django.db import DatabaseError

    from rpl.web import demo as demo_data

    try:
        already_loaded = quiet_if_loaded and not _pending_migrations() and demo_data.is_loaded()
        verbosity = 0 if already_loaded else 1
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("load_demo_data", verbosity=verbosity)
        # The patient site's education pages and FAQ; keeps whatever staff have edited.
        call_command("load_education", verbosity=verbosity)
    except DatabaseError as error:
        raise click.ClickException(f"database error: {error}") from None
    except CommandError as error:  # e.g. education content the loader refuses
        raise click.ClickException(str(error)) from None

    credentials = demo_data.read_credentials()
    if not already_loaded:
        click.echo("")
    # The address `rpl serve --port PORT` will answer on: a new user opens what is printed.
    site = f"http://127.0.0.1:{port}/"
    click.echo(f"RPL Care demo: {site} (patient site), {site}staff/ (clinic workspace)")
    click.echo(f"  Staff login: username clinician, password {credentials['clinician']}")
    click.echo(
        f"  Also: receptionist, password {credentials['receptionist']}; admin (also a "
        f"clinician), password {credentials['admin']} (kept in {demo_data.credentials_path()})"
    )


COMMAND = demo
