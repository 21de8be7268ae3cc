"""Shared pieces of the CLI shells: reading input, exit codes, error lines."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn

import click

from rpl.core.parsing import Problem, RecordError
from rpl.core.profiles import ProfileError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


def fail_with_problems(problems: Iterable[Problem | str]) -> NoReturn:
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def read_input(path: str) -> bytes:
    """Read FILE, or standard input for "-"; a missing file is bad input, not a crash."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        fail_with_problems([f"{path}: no such file"])
    except IsADirectoryError:
        fail_with_problems([f"{path}: is a folder, not a file"])
    except PermissionError:
        fail_with_problems([f"{path}: permission denied"])


def today_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Treat this date (YYYY-MM-DD) as today; for reproducible runs.",
    )(function)


def resolve_today(value: dt.datetime | None) -> dt.date:
    # The local calendar date is what a clinician means by "today".
    return value.date() if value is not None else dt.date.today()  # noqa: DTZ011


def guard(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn known bad input into exit 2 with one line per problem; never show a traceback."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except RecordError as exc:
            fail_with_problems(exc.problems)
        except ProfileError as exc:
            fail_with_problems([f"profile: {exc}"])
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: say so without echoing any input
            click.echo(
                f"internal error ({exc.__class__.__name__}); please report it with the command used",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper


def setup_django() -> None:
    """Configure Django for a command that works on the site's database (settings from the
    environment, as `rpl serve` uses them); a bad configuration is one line, not a traceback."""
    import os

    from django.apps import apps

    if apps.ready:  # already set up (tests calling a command in-process)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except (ImproperlyConfigured, ValueError) as error:
        raise click.ClickException(str(error)) from None
