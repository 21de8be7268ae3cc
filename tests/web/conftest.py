"""Fixtures for the web tests: subprocess environments, a PostgreSQL database, demo data."""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.web.helpers import CONFIG_VARIABLES, FAST_HASHERS, RPL, run


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def rpl_env(data_dir: Path) -> dict[str, str]:
    """Environment for an `rpl` subprocess: local mode, SQLite, a fresh data directory."""
    env = {name: value for name, value in os.environ.items() if name not in CONFIG_VARIABLES}
    env["RPL_DATA_DIR"] = str(data_dir)
    return env


@pytest.fixture
def run_rpl(rpl_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run_command(
        *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return run([str(RPL), *args], env if env is not None else rpl_env)

    return run_command


@pytest.fixture
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def postgres_url(unavailable: Callable[[str], Any]) -> Iterator[str]:
    """URL of a new, empty database on the test PostgreSQL server; dropped afterwards.

    scripts/run-tests.sh starts the server and exports RPL_TEST_POSTGRES_URL.
    """
    server = os.environ.get("RPL_TEST_POSTGRES_URL", "")
    if not server:
        unavailable(
            "no PostgreSQL test server: "
            + os.environ.get(
                "RPL_TEST_POSTGRES_ERROR",
                "RPL_TEST_POSTGRES_URL is not set (scripts/run-tests.sh starts one)",
            )
        )
    import psycopg
    from psycopg import sql

    name = f"rpl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def demo_data_dir(settings: Any, tmp_path: Path) -> Path:
    """In-process tests: demo logins go to a temporary directory, passwords hash quickly."""
    settings.RPL_DATA_DIR = tmp_path / "demo"
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return Path(settings.RPL_DATA_DIR)


@pytest.fixture
def staff_client(client: Any, make_staff: Callable[..., Any]) -> Callable[..., Any]:
    """staff_client("clinician") -> the test client signed in as a new user with those roles."""

    def sign_in(*roles: str) -> Any:
        user = make_staff("-".join(roles) or "no-role", *roles)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Each test starts in English: a request through LocaleMiddleware leaves its language
    active in the worker's thread, and a form test run after a Vietnamese page would
    otherwise get Vietnamese messages."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
