"""`rpl backup` and `rpl restore` on SQLite and PostgreSQL: a round trip gives back every row of
every table; a restore refuses the wrong file, asks before replacing data, and checks
integrity afterwards. Each step runs in a subprocess configured like the real commands."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from psycopg import sql

from tests.conftest import IN_CI
from tests.web.helpers import CONFIG_VARIABLES, RPL, run

ROWS = Path(__file__).with_name("database_rows.py")


def _ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def rows(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return _ok(run([sys.executable, str(ROWS), *args], env))


def _text(value: object) -> object:
    if value is None or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return str(value)


def dump(env: dict[str, str]) -> dict[str, list[list[object]]]:
    """Every row of every table, read straight from the database (not through Django)."""
    if "DATABASE_URL" in env:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as connection:
            names = connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchall()
            query = "SELECT * FROM {}"
            tables = {
                name: connection.execute(sql.SQL(query).format(sql.Identifier(name))).fetchall()
                for (name,) in names
            }
    else:
        path = Path(env["RPL_DATA_DIR"]) / "rpl.sqlite3"
        with contextlib.closing(sqlite3.connect(path)) as db:
            names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            tables = {name: db.execute(f'SELECT * FROM "{name}"').fetchall() for (name,) in names}
    return {
        name: sorted(([_text(value) for value in row] for row in found), key=json.dumps)
        for name, found in tables.items()
    }


def rpl(env: dict[str, str], *args: str, stdin: str = ""):
    return subprocess.run(
        [str(RPL), *args], env=env, capture_output=True, text=True, input=stdin, timeout=120
    )


def _postgres_server() -> str:
    server = os.environ.get("RPL_TEST_POSTGRES_URL", "")
    if not server:
        reason = "no PostgreSQL test server: " + os.environ.get(
            "RPL_TEST_POSTGRES_ERROR", "RPL_TEST_POSTGRES_URL is not set"
        )
        if IN_CI:
            pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
        pytest.skip(reason)
    return server


def _postgres_admin(statement: sql.Composable) -> None:
    import psycopg

    with psycopg.connect(_postgres_server(), autocommit=True) as connection:
        connection.execute(statement)


def _database_url(name: str) -> str:
    return urlunsplit(urlsplit(_postgres_server())._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory) -> dict[str, str]:
    """Once per module: a SQLite database with the demo plus seeded bookings, an answered
    question and audit events (`rpl demo` takes seconds; each test starts from a copy)."""
    env = {name: value for name, value in os.environ.items() if name not in CONFIG_VARIABLES}
    env["RPL_DATA_DIR"] = str(tmp_path_factory.mktemp("seeded") / "data")
    _ok(rpl(env, "demo"))
    rows(env, "seed")
    return env


@pytest.fixture(scope="module")
def seeded_postgres(tmp_path_factory) -> Iterator[dict[str, str]]:
    """The same on PostgreSQL: a database each test copies (CREATE DATABASE ... TEMPLATE)."""
    env = {name: value for name, value in os.environ.items() if name not in CONFIG_VARIABLES}
    env["RPL_DATA_DIR"] = str(tmp_path_factory.mktemp("seeded-pg") / "data")
    name = f"rpl_seed_{uuid.uuid4().hex[:12]}"
    _postgres_admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env["DATABASE_URL"] = _database_url(name)
    try:
        _ok(rpl(env, "demo"))
        rows(env, "seed")
        yield env
    finally:
        _postgres_admin(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def sqlite_env(seeded_sqlite, tmp_path) -> dict[str, str]:
    """A copy of the seeded SQLite database for one test."""
    env = {**seeded_sqlite, "RPL_DATA_DIR": str(tmp_path / "data")}
    shutil.copytree(seeded_sqlite["RPL_DATA_DIR"], env["RPL_DATA_DIR"])
    return env


@pytest.fixture
def postgres_env(seeded_postgres, tmp_path) -> Iterator[dict[str, str]]:
    """A copy of the seeded PostgreSQL database for one test."""
    template = urlsplit(seeded_postgres["DATABASE_URL"]).path.lstrip("/")
    name = f"rpl_test_{uuid.uuid4().hex[:12]}"
    _postgres_admin(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    )
    yield {
        **seeded_postgres,
        "RPL_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": _database_url(name),
    }
    _postgres_admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_env(request) -> dict[str, str]:
    """A seeded database of each kind."""
    env: dict[str, str] = request.getfixturevalue(f"{request.param}_env")
    return env


def test_a_restored_backup_holds_exactly_the_rows_of_every_table(database_env, tmp_path):
    env = database_env
    before = dump(env)
    for table in (
        "rpl_audit_auditevent",
        "bookings_booking",
        "questions_question",
        "rpl_records_couplerecord",
        "auth_user",
        "django_migrations",
    ):
        assert before[table], f"{table} should hold rows for the comparison to mean something"
    backup_file = tmp_path / "site.backup"

    made = _ok(rpl(env, "backup", "--out", str(backup_file)))
    assert str(backup_file) in made.stdout
    assert backup_file.stat().st_mode & 0o077 == 0  # it holds patient data: owner only

    rows(env, "change")  # deletes, changes and adds rows, as a working day would
    restored = _ok(rpl(env, "restore", str(backup_file), "--force"))
    assert "Integrity check passed" in restored.stdout
    assert "bookings: 4" in restored.stdout  # the demo's two and the two seeded

    assert dump(env) == before
    rows(env, "change")  # the sequences came back too: new rows get fresh ids


def test_a_restore_into_an_empty_database_needs_no_confirmation(database_env, tmp_path):
    before = dump(database_env)
    backup_file = tmp_path / "site.backup"
    _ok(rpl(database_env, "backup", "--out", str(backup_file)))
    if "DATABASE_URL" in database_env:
        fresh = database_env
        _empty_postgres(database_env["DATABASE_URL"])
    else:
        fresh = {**database_env, "RPL_DATA_DIR": str(tmp_path / "new-data")}
    # A new machine gets the site's backup key from where the clinic keeps it.
    key = (Path(database_env["RPL_DATA_DIR"]) / "backup-key").read_text().strip()
    fresh = {**fresh, "RPL_BACKUP_KEY": key}

    restored = rpl(fresh, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert dump(fresh) == before


def _empty_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def test_restore_asks_before_replacing_data_and_a_wrong_answer_changes_nothing(
    sqlite_env, tmp_path
):
    env = sqlite_env
    backup_file = tmp_path / "site.backup"
    _ok(rpl(env, "backup", "--out", str(backup_file)))
    rows(env, "change")
    changed = dump(env)

    for answer in ("", "yes\n"):
        refused = rpl(env, "restore", str(backup_file), stdin=answer)
        assert refused.returncode == 2
        assert "bookings: 4, questions: 2" in refused.stderr  # what would go, as counts only
        assert "nothing was restored" in refused.stderr
    assert dump(env) == changed

    confirmed = rpl(env, "restore", str(backup_file), stdin="restore\n")
    assert confirmed.returncode == 0, confirmed.stderr
    assert "staff users: 3" in confirmed.stdout  # the user added after the backup is gone


def test_restore_refuses_files_that_are_not_a_backup_for_this_database(
    sqlite_env, tmp_path, monkeypatch
):
    from rpl.web.backup import BackupError, check_backup_file

    good_backup = tmp_path / "site.backup"
    _ok(rpl(sqlite_env, "backup", "--out", str(good_backup)))
    key = (Path(sqlite_env["RPL_DATA_DIR"]) / "backup-key").read_text().strip()
    monkeypatch.setenv("RPL_BACKUP_KEY", key)
    damaged = tmp_path / "damaged.backup"
    data = bytearray(good_backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xff" * 8192  # scribble over pages in the middle
    damaged.write_bytes(bytes(data))
    cut = tmp_path / "cut.backup"
    cut.write_bytes(good_backup.read_bytes()[: len(data) // 3])
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a backup\n")
    fake_dump = tmp_path / "fake.pgdump"
    fake_dump.write_bytes(b"PGDMP\x01\x0e\x00")
    other_sqlite = tmp_path / "other.sqlite3"
    with contextlib.closing(sqlite3.connect(other_sqlite)) as other:
        other.execute("CREATE TABLE t (x)")
    live_database = Path(sqlite_env["RPL_DATA_DIR"]) / "rpl.sqlite3"

    unsigned = "is not an RPL Care backup: it carries no signature"
    cases = {
        damaged: "its signature does not match",
        cut: "shorter than its header says",
        text_file: unsigned,
        fake_dump: unsigned,
        other_sqlite: unsigned,
        live_database: unsigned,
        tmp_path / "missing.backup": "no such file",
        tmp_path: "is a folder",
    }
    for path, message in cases.items():
        with pytest.raises(BackupError, match=re.escape(message)):
            check_backup_file(path, "sqlite")
    with pytest.raises(BackupError, match="is a SQLite backup, but this site's database is Post"):
        check_backup_file(good_backup, "postgresql")

    # The command refuses before it touches the database.
    before = dump(sqlite_env)
    refused = rpl(sqlite_env, "restore", str(damaged), "--force")
    assert refused.returncode == 2
    assert "its signature does not match" in refused.stderr
    assert dump(sqlite_env) == before


def test_backup_keeps_an_existing_file_unless_forced(sqlite_env, tmp_path):
    backup_file = tmp_path / "site.backup"
    backup_file.write_text("yesterday's backup")
    kept = rpl(sqlite_env, "backup", "--out", str(backup_file))
    assert kept.returncode == 2
    assert "already exists" in kept.stderr
    assert backup_file.read_text() == "yesterday's backup"
    _ok(rpl(sqlite_env, "backup", "--out", str(backup_file), "--force"))
    assert backup_file.read_bytes().startswith(b"RPL-CARE-BACKUP 1\n")
    assert not list(tmp_path.glob(".*partial"))  # no temporary file left behind


def test_the_first_backup_says_it_made_the_backup_key_and_where_and_later_ones_do_not(
    sqlite_env, tmp_path
):
    # A new user was not told that a key now exists without which no backup can be restored.
    key_file = Path(sqlite_env["RPL_DATA_DIR"]) / "backup-key"
    key_file.unlink(missing_ok=True)
    first = rpl(sqlite_env, "backup", "--out", str(tmp_path / "first.backup"))
    _ok(first)
    assert f"Made the backup key {key_file}: keep a copy of it apart from the backups" in (
        first.stdout
    )
    second = rpl(sqlite_env, "backup", "--out", str(tmp_path / "second.backup"))
    _ok(second)
    assert "backup key" not in second.stdout
    configured = {**sqlite_env, "RPL_BACKUP_KEY": "k" * 40}
    key_file.unlink()
    third = rpl(configured, "backup", "--out", str(tmp_path / "third.backup"))
    _ok(third)
    assert "backup key" not in third.stdout
    assert not key_file.exists()


def test_a_sqlite_backup_taken_during_a_write_storm_is_consistent(sqlite_env, tmp_path):
    """Each write adds a booking and its audit event in one transaction; a backup taken while
    the writes go on must hold both or neither of every pair, and pass the integrity check."""
    writes = 1000
    writer = subprocess.Popen(
        [sys.executable, str(ROWS), "storm", str(writes)],
        env=sqlite_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    backups = []
    try:
        while writer.poll() is None or not backups:
            backup_file = tmp_path / f"during-{len(backups)}.backup"
            _ok(rpl(sqlite_env, "backup", "--out", str(backup_file)))
            backups.append(backup_file)
            time.sleep(0.05)
    finally:
        _out, errors = writer.communicate(timeout=300)
    assert writer.returncode == 0, errors
    last_backup = tmp_path / "after.backup"
    _ok(rpl(sqlite_env, "backup", "--out", str(last_backup)))

    from rpl.web.backup_signing import verify

    key = (Path(sqlite_env["RPL_DATA_DIR"]) / "backup-key").read_bytes().strip()
    pairs = []
    for backup_file in [*backups, last_backup]:
        payload = tmp_path / "payload.sqlite3"
        assert verify(backup_file, key, payload) == "sqlite"
        with contextlib.closing(sqlite3.connect(payload)) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            bookings = copy.execute(
                "SELECT count(*) FROM bookings_booking WHERE submission_token LIKE 'storm-%'"
            ).fetchone()[0]
            events = copy.execute(
                "SELECT count(*) FROM rpl_audit_auditevent WHERE detail = 'storm'"
            ).fetchone()[0]
        pairs.append((bookings, events))
    assert all(bookings == events for bookings, events in pairs), pairs
    assert pairs[-1] == (writes, writes)


def test_tool_errors_that_may_quote_stored_rows_are_not_repeated():
    from rpl.web.backup import _tool_message

    stderr = (
        'pg_restore: error: COPY failed for table "bookings_booking": ERROR:  invalid input\n'
        'CONTEXT:  COPY bookings_booking, line 1: "1\tABCD2345\tNguyen Thi A\t+84912345678"\n'
    )
    message = _tool_message("pg_restore", stderr)
    assert "Nguyen" not in message and "+8491" not in message
    assert "run it by hand" in message
    refused = 'pg_dump: error: connection to server at "db" failed: Connection refused\n'
    assert "Connection refused" in _tool_message("pg_dump", refused)
