"""Fixtures for the web tests: subprocess environments, demo data (the PostgreSQL database
fixture, `postgres_url`, lives in tests/conftest.py: the registry tests use it too)."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
