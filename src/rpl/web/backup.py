"""Backing up and restoring the whole database (`rpl backup`, `rpl restore`; docs/reliability.md).

- SQLite: SQLite's online backup API copies the database as one consistent snapshot while the
  server keeps running (in WAL mode a reader blocks no writer). The copy is a plain SQLite file,
  marked as ours in the header's application id, switched out of WAL so it is one file.
  Restoring runs the same API the other way, which replaces the live database's pages in one
  write transaction: a server still running sees the restored data on its next query.
- PostgreSQL: `pg_dump --format=custom` (a consistent snapshot too) and
  `pg_restore --clean --if-exists --single-transaction`, so a failed restore changes nothing.

Every backup is written to a temporary file next to the target, checked, signed with the
site's backup key (HMAC-SHA256, `rpl.web.backup_signing`) and then renamed into place: there is
never a half-written backup under the name asked for. Restoring checks everything before it
touches the live database: the signature (a backup changed after it was made is refused), that
it is a sound backup for this kind of database, and that its schema and triggers are exactly
what its own migrations make (`rpl.web.backup_schema`). Then it swaps: SQLite in one write
transaction of the backup API; PostgreSQL in one transaction that drops the old objects,
restores, checks the schema again and commits only if it is right. Messages never repeat
database contents (tool errors are filtered).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from rpl.web import backup_schema, backup_signing

# "RPLC" in the SQLite header (PRAGMA application_id): this file came from `rpl backup`.
SQLITE_APPLICATION_ID = 0x52504C43
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
KINDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Models whose tables must be in any RPL Care backup (besides Django's migration list).
REQUIRED_MODELS = ("rpl_audit.AuditEvent",)
# Shown before a restore replaces them, as counts only.
COUNTED_MODELS = {
    "couple records": "rpl_records.CoupleRecord",
    "bookings": "bookings.Booking",
    "questions": "questions.Question",
    "staff users": "auth.User",
    "audit events": "rpl_audit.AuditEvent",
}
# The database triggers that keep the audit trail append-only (see the audit migration).
AUDIT_TRIGGERS = {"sqlite": "rpl_audit_no_update", "postgresql": "rpl_audit_append_only"}
# Lines from pg_dump / pg_restore that are safe to show: connection and permission problems.
# Anything else (a COPY error quotes the row it failed on) is replaced by a general message.
_SAFE_TOOL_LINES = (
    "connection to server",
    "could not connect",
    "password authentication failed",
    "no password supplied",
    "does not exist",
    "permission denied",
    "server version",
    "version mismatch",
    "could not open input file",
    "input file does not appear to be a valid archive",
    "unsupported version",
)


class BackupError(Exception):
    """A problem to show to the person running the command (never holds database contents)."""


@dataclass(frozen=True)
class BackupResult:
    kind: str
    path: Path
    size_bytes: int
    key_created: Path | None = None  # the backup-key file this backup made: the user must know


@dataclass
class RestoreResult:
    kind: str
    problems: list[str] = field(default_factory=list)  # integrity check; empty when it passed
    counts: dict[str, int] = field(default_factory=dict)
    unapplied_migrations: list[str] = field(default_factory=list)  # newer code than the backup
    unknown_migrations: list[str] = field(default_factory=list)  # older code than the backup


def _table(model_label: str) -> str:
    from django.apps import apps

    table: str = apps.get_model(model_label)._meta.db_table
    return table


def required_tables() -> tuple[str, ...]:
    return ("django_migrations", *(_table(label) for label in REQUIRED_MODELS))


def _settings(alias: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    return dict(connections[alias].settings_dict)


def database_kind(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in KINDS:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def describe_database(alias: str = DEFAULT_DB_ALIAS) -> str:
    """Where the database is, for messages (never the password)."""
    config = _settings(alias)
    if database_kind(alias) == "sqlite":
        return f"the SQLite database {config['NAME']}"
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"the PostgreSQL database {config['NAME']} on {host}{port}"


# --- writing a backup -----------------------------------------------------------------------


def backup(out: Path, *, overwrite: bool = False, alias: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Back up the whole database into `out` (readable by its owner only)."""
    kind = database_kind(alias)
    out = out.expanduser()
    if out.exists() and not overwrite:
        raise BackupError(f"{out} already exists; choose another name or pass --force")
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} is not a folder")
    key_file = Path(settings.RPL_DATA_DIR) / backup_signing.KEY_FILE
    key_was_there = key_file.exists()
    key = site_backup_key(create=True)
    configured = os.environ.get(backup_signing.KEY_ENV, "").strip()
    key_created = key_file if not configured and not key_was_there else None
    with _temporary_next_to(out) as payload, _temporary_next_to(out, ".signed") as signed:
        if kind == "sqlite":
            _sqlite_backup(Path(_settings(alias)["NAME"]), payload)
        else:
            _pg_dump(_settings(alias), payload)
        check_payload(payload, kind)
        backup_signing.sign(payload, signed, kind, key)
        signed.replace(out)
    return BackupResult(kind=kind, path=out, size_bytes=out.stat().st_size, key_created=key_created)


def site_backup_key(*, create: bool) -> bytes:
    """RPL_BACKUP_KEY, else the data directory's `backup-key` (made by the first backup)."""
    try:
        return backup_signing.key_from(os.environ, Path(settings.RPL_DATA_DIR), create=create)
    except backup_signing.SignatureError as error:
        raise BackupError(str(error)) from None


@contextlib.contextmanager
def _temporary_next_to(out: Path, suffix: str = "") -> Iterator[Path]:
    """An empty owner-only file in the target's folder; removed unless renamed away."""
    temporary = out.with_name(f".{out.name}.{os.getpid()}{suffix}.partial")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def _sqlite_backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupError(f"there is no SQLite database at {database}")
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(target)
    try:
        # All pages in one step: one read transaction, so one consistent snapshot.
        source.backup(copy)
        copy.execute(f"PRAGMA application_id = {SQLITE_APPLICATION_ID}")
        # The live database is in WAL mode; a backup is better as one self-contained file.
        copy.execute("PRAGMA journal_mode = DELETE")
        copy.commit()
    finally:
        copy.close()
        source.close()


def _pg_environment(config: Mapping[str, Any]) -> dict[str, str]:
    """libpq variables for pg_dump / pg_restore: the password never goes on a command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": config.get("HOST"),
        "PGPORT": config.get("PORT"),
        "PGUSER": config.get("USER"),
        "PGPASSWORD": config.get("PASSWORD"),
        "PGDATABASE": config.get("NAME"),
        "PGSSLMODE": (config.get("OPTIONS") or {}).get("sslmode"),
    }
    for name, value in values.items():
        if value:
            env[name] = str(value)
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed; PostgreSQL backups need the PostgreSQL client programs "
            "(Debian package postgresql-client)"
        )
    return found


def _tool_message(tool: str, stderr: str) -> str:
    safe = [
        line.strip()
        for line in stderr.splitlines()
        if any(marker in line.lower() for marker in _SAFE_TOOL_LINES)
    ]
    if safe:
        return f"{tool} failed: " + " / ".join(safe[:3])
    return f"{tool} failed; its messages may quote stored data, so run it by hand to read them"


def _run_tool(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # fixed programs, arguments are ours
        args, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )


def _pg_dump(config: Mapping[str, Any], target: Path) -> None:
    done = _run_tool(
        [_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"],
        _pg_environment(config),
    )
    if done.returncode != 0:
        raise BackupError(_tool_message("pg_dump", done.stderr))


# --- checking a backup file -----------------------------------------------------------------


def _payload_kind(path: Path) -> str:
    """ "sqlite" or "postgresql" from the file's first bytes; BackupError for anything else."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file") from None
    except PermissionError:
        raise BackupError(f"{path}: permission denied") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(
        f"{path} is not an RPL Care backup (neither SQLite nor pg_dump custom format)"
    )


def check_backup_file(path: Path, expected_kind: str) -> None:
    """Refuse anything but a signed, sound RPL Care backup for `expected_kind` of database
    whose schema is what its migrations make (all of `checked_backup`, then forgotten)."""
    with checked_backup(path, expected_kind):
        pass


@dataclass
class CheckedBackup:
    """A backup that passed every check: its database copy (in a private temporary folder,
    removed afterwards) and, for PostgreSQL, the schema fingerprint its migrations give."""

    kind: str
    payload: Path
    fingerprint: str = ""


@contextlib.contextmanager
def checked_backup(path: Path, expected_kind: str | None = None) -> Iterator[CheckedBackup]:
    """Check the backup in `path` without touching the live database's tables."""
    kind = expected_kind or database_kind()
    path = path.expanduser()
    _readable_file(path)
    if not backup_signing.is_signed_backup(path):
        raise BackupError(
            f"{path} is not an RPL Care backup: it carries no signature (not a backup, or one "
            "made before backups were signed; make a new one with `rpl backup`)"
        )
    key = site_backup_key(create=False)
    with tempfile.TemporaryDirectory(prefix="rpl-restore-") as work:
        payload = Path(work) / "payload"
        try:
            file_kind = backup_signing.verify(path, key, payload)
        except backup_signing.SignatureError as error:
            raise BackupError(f"{path} was refused: {error}") from None
        if file_kind not in KINDS:
            raise BackupError(f"{path} was refused: unknown kind of backup")
        if file_kind != kind:
            raise BackupError(
                f"{path} is a {KINDS[file_kind]} backup, but this site's database is "
                f"{KINDS[kind]}; restore it into a {KINDS[file_kind]} database"
            )
        check_payload(payload, kind, name=path)
        try:
            if kind == "sqlite":
                with contextlib.closing(_read_only(payload)) as db:
                    if db.execute("PRAGMA foreign_key_check").fetchall():
                        raise BackupError(f"{path} was refused: it holds broken references")
                    backup_schema.check_sqlite_schema(db, _settings())
                yield CheckedBackup(kind, payload)
            else:
                applied = backup_schema.applied_in_archive(_archive_migrations(payload))
                fingerprint = backup_schema.expected_pg_fingerprint(applied, _settings())
                yield CheckedBackup(kind, payload, fingerprint)
        except backup_schema.SchemaError as error:
            raise BackupError(f"{path} was refused: {error}") from None


def _readable_file(path: Path) -> None:
    try:
        with open(path, "rb"):
            pass
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file") from None
    except PermissionError:
        raise BackupError(f"{path}: permission denied") from None


def _archive_migrations(payload: Path) -> str:
    listing = _run_tool(
        [
            _pg_tool("pg_restore"),
            "--data-only",
            "--table=django_migrations",
            "--file=-",
            str(payload),
        ],
        dict(os.environ),
    )
    if listing.returncode != 0:
        raise BackupError("the backup's list of migrations could not be read")
    return listing.stdout


def check_payload(path: Path, expected_kind: str, name: Path | None = None) -> None:
    """The database copy inside a backup: the right kind, sound, with RPL Care's tables.
    Messages name `name` (the backup file), not the temporary copy."""
    try:
        _check_payload(path, expected_kind)
    except BackupError as error:
        raise BackupError(str(error).replace(str(path), str(name or path))) from None


def _check_payload(path: Path, expected_kind: str) -> None:
    kind = _payload_kind(path)
    if kind != expected_kind:
        raise BackupError(
            f"{path} is a {KINDS[kind]} backup, but this site's database is "
            f"{KINDS[expected_kind]}; restore it into a {KINDS[kind]} database"
        )
    tables = _sqlite_backup_tables(path) if kind == "sqlite" else _pg_backup_tables(path)
    missing = [table for table in required_tables() if table not in tables]
    if missing:
        raise BackupError(f"{path} is not an RPL Care backup (no {', '.join(missing)} table)")


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable=1: read the file as it is, creating no -wal or -shm file beside it.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _sqlite_backup_tables(path: Path) -> set[str]:
    try:
        with contextlib.closing(_read_only(path)) as db:
            (application_id,) = db.execute("PRAGMA application_id").fetchone()
            if application_id != SQLITE_APPLICATION_ID:
                raise BackupError(f"{path} is an SQLite database but was not made by `rpl backup`")
            problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(f"{path} is damaged: SQLite's integrity check failed")
            return {
                row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
    except sqlite3.DatabaseError:
        raise BackupError(f"{path} is damaged or not an SQLite database") from None


def _pg_backup_tables(path: Path) -> set[str]:
    listing = _run_tool([_pg_tool("pg_restore"), "--list", str(path)], dict(os.environ))
    if listing.returncode != 0:
        raise BackupError(f"{path} is damaged or not a pg_dump archive")
    tables = set()
    for line in listing.stdout.splitlines():
        # e.g. "215; 1259 16390 TABLE public rpl_audit_auditevent rpl"
        parts = line.split()
        if "TABLE" in parts and "DATA" not in parts:
            position = parts.index("TABLE")
            if len(parts) > position + 2:
                tables.add(parts[position + 2])
    return tables


# --- restoring ------------------------------------------------------------------------------


def current_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows in the main tables now (only those that exist); empty for an empty database."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for label, model_label in COUNTED_MODELS.items():
            if (table := _table(model_label)) in existing:
                cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[label] = int(cursor.fetchone()[0])
    return counts


def restore(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the whole database with the backup in `path`, then check it.

    The caller asks for confirmation first (see `rpl restore`); this function refuses, before
    touching anything, a file that fails any check of `checked_backup`.
    """
    with checked_backup(path, database_kind(alias)) as checked:
        return restore_checked(checked, alias=alias)


def restore_checked(checked: CheckedBackup, *, alias: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Swap the live database for a backup that passed `checked_backup`."""
    config = _settings(alias)
    connections[alias].close()  # nothing of ours holds the database during the copy
    if checked.kind == "sqlite":
        _sqlite_restore(checked.payload, Path(config["NAME"]))
    else:
        _pg_restore(config, checked.payload, checked.fingerprint)
    connections[alias].close()
    result = RestoreResult(kind=checked.kind, problems=integrity_problems(alias))
    if not result.problems:
        result.counts = current_counts(alias)
        result.unapplied_migrations, result.unknown_migrations = migration_differences(alias)
    return result


def _sqlite_restore(backup_file: Path, database: Path) -> None:
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    source = _read_only(backup_file)
    live = sqlite3.connect(database, timeout=30)
    try:
        source.backup(live)  # one write transaction: all pages or none
        # The live database is not a backup: only files from `rpl backup` carry the mark.
        live.execute("PRAGMA application_id = 0")
        live.commit()
        live.execute("PRAGMA journal_mode = WAL")  # as the site runs it (rpl.web.config)
    finally:
        live.close()
        source.close()
    with contextlib.suppress(OSError):
        database.chmod(0o600)


# Dropped first, in the restore's transaction: everything of the site's schema (tables, views,
# sequences, functions; not what an extension brought), so that nothing of the old database,
# not a table of a newer version nor a trigger someone added, outlives the restore.
_DROP_SQL = """
DO $rpl$ DECLARE item record; BEGIN
  FOR item IN SELECT format('DROP %s IF EXISTS %I.%I CASCADE',
        CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
          WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
        n.nspname, c.relname) AS statement
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.relkind = 'S'
  LOOP EXECUTE item.statement; END LOOP;
  FOR item IN SELECT format('DROP FUNCTION IF EXISTS %I.%I(%s) CASCADE', n.nspname, p.proname,
        pg_get_function_identity_arguments(p.oid)) AS statement
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP EXECUTE item.statement; END LOOP;
END $rpl$;
"""
CHECK_FAILED = "rpl restore check failed"


_CHECK_SQL = """
SET search_path = public;
DO $rpl$ BEGIN
  IF (FINGERPRINT_SQL) IS DISTINCT FROM 'EXPECTED' THEN
    RAISE EXCEPTION 'CHECK_FAILED: the schema is not the one its migrations make';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE connamespace = 'public'::regnamespace
             AND NOT convalidated) THEN
    RAISE EXCEPTION 'CHECK_FAILED: a constraint is not validated';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_index WHERE NOT indisvalid) THEN
    RAISE EXCEPTION 'CHECK_FAILED: an index is not valid';
  END IF;
END $rpl$;
"""


def _check_sql(fingerprint: str) -> str:
    """Last in the restore's transaction: raise (so roll everything back) unless the restored
    schema is the one the backup's migrations make and every constraint and index is sound."""
    if not fingerprint.isalnum():  # an md5 hex digest, or empty for an empty schema
        fingerprint = "unknown"
    return (
        _CHECK_SQL.replace("FINGERPRINT_SQL", backup_schema.FINGERPRINT_SQL)
        .replace("EXPECTED", fingerprint)
        .replace("CHECK_FAILED", CHECK_FAILED)
    )


def _pg_restore(config: Mapping[str, Any], backup_file: Path, fingerprint: str) -> None:
    """Drop, restore and check in one transaction (psql --single-transaction): the live
    database changes only if the whole restore and its checks succeed."""
    with tempfile.TemporaryDirectory(prefix="rpl-restore-sql-") as work:
        drop, script, check = (
            Path(work) / name for name in ("drop.sql", "restore.sql", "check.sql")
        )
        drop.write_text(_DROP_SQL, encoding="utf-8")
        check.write_text(_check_sql(fingerprint), encoding="utf-8")
        converted = _run_tool(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                f"--file={script}",
                str(backup_file),
            ],
            _pg_environment(config),
        )
        if converted.returncode != 0:
            raise BackupError(
                _tool_message("pg_restore", converted.stderr) + "; nothing was restored"
            )
        done = _run_tool(
            [
                _pg_tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--no-password",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                f"--dbname={config['NAME']}",
                f"--file={drop}",
                f"--file={script}",
                f"--file={check}",
            ],
            _pg_environment(config),
        )
    if done.returncode != 0:
        if CHECK_FAILED in done.stderr:
            reason = done.stderr.split(CHECK_FAILED, 1)[1].split("\n", 1)[0].strip(": ")
            raise BackupError(
                f"the restored database failed its check ({reason}); the "
                "database was left as it was"
            )
        raise BackupError(_tool_message("psql", done.stderr) + "; the database was left as it was")


def integrity_problems(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What is wrong with the database now; empty when the checks pass.

    SQLite: PRAGMA integrity_check and foreign_key_check. PostgreSQL: every table readable,
    no constraint left unvalidated, no invalid index. Both: the audit trail's append-only
    trigger is in place.
    """
    connection = connections[alias]
    kind = database_kind(alias)
    problems: list[str] = []
    with connection.cursor() as cursor:
        if kind == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            result = [row[0] for row in cursor.fetchall()]
            if result != ["ok"]:
                problems.append(f"SQLite integrity check: {len(result)} problem(s)")
            cursor.execute("PRAGMA foreign_key_check")
            if broken := cursor.fetchall():
                tables = sorted({row[0] for row in broken})
                problems.append(f"broken references in {', '.join(tables)}")
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name=%s",
                [AUDIT_TRIGGERS[kind]],
            )
        else:
            for table in connection.introspection.table_names():
                cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            cursor.execute(
                "SELECT conname FROM pg_constraint c JOIN pg_namespace n "
                "ON n.oid = c.connamespace WHERE n.nspname = 'public' AND NOT c.convalidated"
            )
            if unchecked := [row[0] for row in cursor.fetchall()]:
                problems.append(f"constraints not validated: {', '.join(unchecked)}")
            cursor.execute("SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid")
            if invalid := [row[0] for row in cursor.fetchall()]:
                problems.append(f"invalid indexes: {', '.join(invalid)}")
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = %s", [AUDIT_TRIGGERS[kind]]
            )
        if cursor.fetchone()[0] != 1:
            problems.append("the audit trail's append-only trigger is missing")
    return problems


def migration_differences(alias: str = DEFAULT_DB_ALIAS) -> tuple[list[str], list[str]]:
    """(migrations this code has that the database lacks, migrations the database has that
    this code does not know): a backup from an older or a newer version of RPL Care."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    unapplied = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    applied = executor.recorder.applied_migrations()
    known = set(executor.loader.disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, name in applied if (app, name) not in known)
    return unapplied, unknown
