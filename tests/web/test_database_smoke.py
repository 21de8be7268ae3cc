"""The same smoke test on SQLite and on PostgreSQL: `rpl demo` into a fresh database, then the
home page, demo data and a staff sign-in, all in a subprocess configured by DATABASE_URL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.web.helpers import run

SMOKE_CHECK = Path(__file__).with_name("smoke_check.py")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_env(request, rpl_env) -> dict[str, str]:
    if request.param == "sqlite":
        return rpl_env  # the default: SQLite in the data directory
    return {**rpl_env, "DATABASE_URL": request.getfixturevalue("postgres_url")}


def test_a_fresh_database_serves_the_site_after_rpl_demo(request, database_env, run_rpl):
    demo = run_rpl("demo", env=database_env)
    assert demo.returncode == 0, demo.stderr
    assert "Staff login: username clinician" in demo.stdout

    # -P: the script's own folder (tests/web, which holds a package named fhir) must not shadow
    # the fhir.resources library on sys.path.
    check = run([sys.executable, "-P", str(SMOKE_CHECK)], database_env)
    assert check.returncode == 0, check.stderr
    expected_vendor = request.node.callspec.params["database_env"]
    assert check.stdout.strip() == expected_vendor
