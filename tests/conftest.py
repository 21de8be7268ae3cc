"""Shared by every test directory; web fixtures live in tests/web/conftest.py."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import settings as hypothesis_settings

# Speed targets live in benchmarks/, not in timed tests: Hypothesis's 200 ms per-example deadline
# fails property tests at random when the two shared cores are busy.
hypothesis_settings.register_profile("rpl", deadline=None)
hypothesis_settings.load_profile("rpl")

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


# Test modules whose tests share one process under pytest-xdist: they share a session fixture
# that is costly to start (the Spark cluster of tests/parity/cluster.py), which each process
# would otherwise start again. (pytest-xdist's `xdist_group` mark would say this, but its
# `loadgroup` mode does not see the mark under pytest 9.)
ONE_PROCESS = ("tests/parity/test_spark_parity.py",)


def pytest_xdist_make_scheduler(config: Any, log: Any) -> Any:
    """With the default `--dist load`: every test is scheduled on its own, as usual, except the
    modules of ONE_PROCESS, each sent whole to one process."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneProcessModules(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_PROCESS else nodeid

    return OneProcessModules(config, log)


@pytest.fixture
def unavailable() -> Callable[[str], NoReturn]:
    """Call with a reason when something a test needs is missing (chromium, PostgreSQL).

    Locally the test is skipped with that reason; in CI (CI=true) it fails, so a missing
    browser or database can never turn into a green run.
    """

    def missing(reason: str) -> NoReturn:
        if IN_CI:
            pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
        pytest.skip(reason)

    return missing


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
def make_staff(settings: Any, db: Any) -> Callable[..., Any]:
    """make_staff("name", "clinician", ...) -> a user with those roles (fast password hashing)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.contrib.auth.models import Group, User

    from rpl.web.accounts.roles import ensure_role_groups

    # A transactional test (browser tests) starts after a flush, without the groups the
    # migration made.
    ensure_role_groups(Group)

    def make(username: str, *roles: str, password: str = "a-long-test-password") -> Any:  # noqa: S107
        user = User.objects.create_user(username=username, password=password)
        user.groups.add(*Group.objects.filter(name__in=roles))
        return user

    return make


# How many fuzz inputs were sent (tests/web/security/fuzzing.py), summed over xdist workers and
# shown at the end of the run.
def pytest_sessionfinish(session: Any) -> None:
    from tests.web.security.fuzzing import SENT

    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the counts to the controller
        workeroutput["fuzz_sent"] = dict(SENT)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    from tests.web.security.fuzzing import SENT

    SENT.update(getattr(node, "workeroutput", {}).get("fuzz_sent", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.web.security.fuzzing import SENT

    if getattr(terminalreporter.config, "workeroutput", None) is not None or not SENT:
        return
    terminalreporter.section("fuzz inputs sent")
    for target, count in sorted(SENT.items()):
        terminalreporter.write_line(f"{count:7d}  {target}")
    terminalreporter.write_line(f"{sum(SENT.values()):7d}  in total")
