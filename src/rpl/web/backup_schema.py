"""The schema a backup must have: the one RPL Care's own migrations make.

Before a restore touches the live database, the backup's schema (tables, columns, indexes,
constraints, triggers, views, functions) is compared with the schema that the backup's own
list of applied migrations gives when run on an empty scratch database: a trigger, table or
column added, changed or removed (by hand, or by someone who got hold of the key) is refused.

- SQLite: the backup file is described with SQLite's catalogue and pragmas, and so is a scratch
  file migrated to the same migrations; the two descriptions must be equal.
- PostgreSQL: a scratch schema in the site's database is migrated to the same migrations and
  fingerprinted (`FINGERPRINT_SQL`); the restore then runs in one transaction that ends by
  fingerprinting the restored schema and rolls back unless it is equal (see rpl.web.backup).

A backup made by a newer version (migrations this code does not know) cannot be checked and is
refused: restore it with that version.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

Migration = tuple[str, str]
SCRATCH_ALIAS = "rpl_backup_schema_check"


class SchemaError(Exception):
    """The backup's schema or migrations are not what the migrations make."""


# --- which migrations ----------------------------------------------------------------------


def targets_for(applied: set[Migration]) -> list[tuple[str, str | None]]:
    """Migration targets (one per app) that give exactly `applied`; SchemaError otherwise."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    if unknown := sorted(f"{app}.{name}" for app, name in applied - known):
        raise SchemaError(
            "the backup was made by a newer version of RPL Care (migrations "
            f"{', '.join(unknown[:5])}); restore it with that version"
        )
    graph = loader.graph
    targets: list[tuple[str, str | None]] = []
    for app in sorted({app for app, _ in known}):
        nodes = [node for node in applied if node[0] == app]
        leaves = [
            node
            for node in nodes
            if not any(node != other and node in graph.forwards_plan(other) for other in nodes)
        ]
        if len(leaves) > 1:
            raise SchemaError(f"the backup's migration history of {app} is not consistent")
        targets.append(leaves[0] if leaves else (app, None))
    needed = {
        node
        for app, name in targets
        if name is not None
        for node in graph.forwards_plan((app, name))
    }
    if needed != applied:
        raise SchemaError("the backup's migration history is not consistent")
    return targets


def applied_in_sqlite(db: sqlite3.Connection) -> set[Migration]:
    return {
        (str(app), str(name)) for app, name in db.execute("SELECT app, name FROM django_migrations")
    }


# --- a scratch database that stands in for "default" --------------------------------------


@contextlib.contextmanager
def _scratch_as_default(settings_dict: dict[str, Any]) -> Iterator[Any]:
    """A connection to a scratch database that also answers as "default" meanwhile, so that a
    data migration writing through a model's default manager writes there, not to the site."""
    connections.settings[SCRATCH_ALIAS] = settings_dict
    scratch = connections[SCRATCH_ALIAS]
    original = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = scratch
    try:
        yield scratch
    finally:
        connections[DEFAULT_DB_ALIAS] = original
        scratch.close()
        del connections[SCRATCH_ALIAS]
        connections.settings.pop(SCRATCH_ALIAS, None)


def _migrate(connection: Any, targets: list[tuple[str, str | None]]) -> None:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(targets, plan=executor.migration_plan(targets))


# --- SQLite --------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def sqlite_description(db: sqlite3.Connection) -> set[str]:
    """Every table, column, index, foreign key, trigger and view, one line each."""
    items: set[str] = set()
    objects = db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name, table, sql in objects:
        items.add(f"{kind} {name} on {table}")
        if kind == "table":
            for row in db.execute(f'PRAGMA table_xinfo("{name}")'):
                items.add(
                    f"column {name}.{row[1]} {row[2]} notnull={row[3]} default={row[4]} pk={row[5]}"
                )
            for row in db.execute(f'PRAGMA foreign_key_list("{name}")'):
                items.add(f"foreign key {name}.{row[3]} -> {row[2]}.{row[4]} {row[5]} {row[6]}")
        elif kind == "index":
            columns = [str(row[2]) for row in db.execute(f'PRAGMA index_xinfo("{name}")') if row[5]]
            unique = db.execute(
                'SELECT 1 FROM pragma_index_list(?) WHERE name = ? AND "unique"', (table, name)
            ).fetchone()
            items.add(f"index {name} on {table}({', '.join(columns)}) unique={bool(unique)}")
        elif kind in ("trigger", "view"):
            items.add(f"{kind} {name} sql {_SPACE.sub(' ', sql or '').strip()}")
    return items


def expected_sqlite(applied: set[Migration], live_settings: dict[str, Any]) -> set[str]:
    targets = targets_for(applied)
    with tempfile.TemporaryDirectory(prefix="rpl-schema-check-") as scratch_dir:
        settings_dict = {**live_settings, "NAME": str(Path(scratch_dir) / "scratch.sqlite3")}
        with _scratch_as_default(settings_dict) as scratch:
            _migrate(scratch, targets)
            scratch.close()
        with contextlib.closing(sqlite3.connect(settings_dict["NAME"])) as db:
            return sqlite_description(db)


def check_sqlite_schema(db: sqlite3.Connection, live_settings: dict[str, Any]) -> None:
    found = sqlite_description(db)
    expected = expected_sqlite(applied_in_sqlite(db), live_settings)
    _compare(found, expected)


def _compare(found: Iterable[str], expected: Iterable[str]) -> None:
    extra = sorted(set(found) - set(expected))
    missing = sorted(set(expected) - set(found))
    if extra or missing:
        shown = [f"not made by the migrations: {_name(item)}" for item in extra[:3]]
        shown += [f"missing: {_name(item)}" for item in missing[:3]]
        raise SchemaError(
            "its schema is not the one its migrations make (" + "; ".join(shown) + ")"
        )


def _name(item: str) -> str:
    """The kind and name of a described object, never more (no SQL in messages)."""
    return " ".join(item.split(" ")[:2])


# --- PostgreSQL ----------------------------------------------------------------------------

# One row per object of the current schema (search_path's first), as text, with that schema's
# name taken out of definitions (PostgreSQL qualifies names in them).
ITEMS_SQL = """
  SELECT 'relation ' || c.relkind::text || ' ' || c.relname AS item FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace
      AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
  UNION ALL SELECT 'column ' || c.relname || '.' || a.attname || ' '
      || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' ' || a.attidentity::text
      || ' ' || coalesce(replace(pg_get_expr(ad.adbin, ad.adrelid), quote_ident(current_schema()) || '.', ''), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE c.relnamespace = current_schema()::regnamespace
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT 'constraint ' || c.relname || ' ' || co.conname || ' '
      || replace(pg_get_constraintdef(co.oid), quote_ident(current_schema()) || '.', '')
    FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid
    WHERE co.connamespace = current_schema()::regnamespace
  UNION ALL SELECT 'index ' || replace(pg_get_indexdef(i.indexrelid), quote_ident(current_schema()) || '.', '')
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relnamespace = current_schema()::regnamespace
  UNION ALL SELECT 'trigger ' || replace(pg_get_triggerdef(t.oid), quote_ident(current_schema()) || '.', '')
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
  UNION ALL SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid)
      || ') ' || md5(coalesce(p.prosrc, ''))
    FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  UNION ALL SELECT 'view ' || c.relname || ' ' || md5(replace(pg_get_viewdef(c.oid), quote_ident(current_schema()) || '.', '')) FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('v', 'm')
  UNION ALL SELECT 'rule ' || r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
    WHERE c.relnamespace = current_schema()::regnamespace AND r.rulename <> '_RETURN'
  UNION ALL SELECT 'policy ' || pol.polname FROM pg_policy pol
    JOIN pg_class c ON c.oid = pol.polrelid
    WHERE c.relnamespace = current_schema()::regnamespace
  UNION ALL SELECT 'row security ' || c.relname FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relrowsecurity
  UNION ALL SELECT 'event trigger ' || evtname FROM pg_event_trigger
  UNION ALL SELECT 'schema ' || nspname FROM pg_namespace
    WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
      AND nspname NOT LIKE 'rpl\\_schema\\_check\\_%'
"""
# One row of text: a hash over all of them.
FINGERPRINT_SQL = (
    "SELECT coalesce(md5(string_agg(item, E'\\n' ORDER BY item)), '') FROM (%s) AS items".replace(
        "%s", ITEMS_SQL
    )
)


def expected_pg_fingerprint(applied: set[Migration], live_settings: dict[str, Any]) -> str:
    """Migrate a scratch schema of the site's database to `applied` and fingerprint it. The
    scratch schema is dropped afterwards; no table of the site is touched."""
    targets = targets_for(applied)
    schema = f"rpl_schema_check_{secrets.token_hex(6)}"
    live = connections[DEFAULT_DB_ALIAS]
    with live.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema}"')
    try:
        options = dict(live_settings.get("OPTIONS") or {})
        options["options"] = f"-c search_path={schema}"
        with _scratch_as_default({**live_settings, "OPTIONS": options}) as scratch:
            _migrate(scratch, targets)
            with scratch.cursor() as cursor:
                cursor.execute(FINGERPRINT_SQL)
                fingerprint = str(cursor.fetchone()[0])
    finally:
        with live.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        live.close()
    return fingerprint


def applied_in_archive(copy_lines: str) -> set[Migration]:
    """The applied migrations from `pg_restore --data-only --table=django_migrations -f -`."""
    applied: set[Migration] = set()
    inside = False
    for line in copy_lines.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            inside = True
            continue
        if inside:
            if line == "\\.":
                break
            fields = line.split("\t")
            if len(fields) >= 3:
                applied.add((fields[1], fields[2]))
    return applied
