"""An OMOP CDM held in PostgreSQL, read directly: the rows the episode step needs, copied out.

DuckDB's own PostgreSQL reader is an extension fetched from DuckDB's download site when first
used; a machine without that access (an OHDSI site's analysis server, often) cannot load it,
and the packages on PyPI that carry DuckDB extensions are built for older DuckDB releases. So the tables are read
with psycopg, the PostgreSQL driver the project already uses, through PostgreSQL's own bulk
export (`COPY (SELECT ...) TO STDOUT`): one streaming pass per table, in one read-only snapshot
so the tables agree with each other, written as CSV into a scratch folder that
`rpl.batch.omop.omop_to_tables` then reads like any OMOP export (the same checks, messages and
episode step on DuckDB or Spark).

Only what the step uses leaves the database: female persons, and event rows whose concept is an
outcome or a gestational-age concept (a CDM's condition table is mostly other conditions), each
with the few columns the step reads. Concept columns must be integers, as the CDM defines them
(the filter compares them in PostgreSQL); dates may be dates, timestamps or text (text is
checked by the step like a CSV file). Messages name the schema, table and column, never a value
or the connection's password.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rpl.batch.counts import counted
from rpl.batch.omop import EVENT_TABLES, OMOP_TABLES, episode_settings
from rpl.batch.schema import InputError, Table

INTEGER_TYPES = frozenset({"smallint", "integer", "bigint", "numeric"})
DATE_TYPES = frozenset({"date", "timestamp without time zone", "timestamp with time zone"})
TEXT_TYPES = frozenset({"text", "character varying", "character"})
NUMBER_TYPES = INTEGER_TYPES | {"real", "double precision"}


def is_postgres_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def _outcome_and_gestation_concepts() -> list[int]:
    concepts = episode_settings()["concepts"]
    ids: set[int] = set()
    for category in concepts["outcome"].values():
        ids.update(int(i) for i in category)
    ids.update(int(i) for i in concepts["biochemical"])
    ids.update(int(i) for i in concepts["gestational_age_in_weeks_value"])
    ids.update(int(i) for i in concepts["gestation_period_weeks"])
    return sorted(ids)


def _columns(cursor: Any, schema: str, table: str) -> dict[str, str]:
    cursor.execute(
        "SELECT lower(column_name), data_type FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s",
        (schema, table),
    )
    return {str(name): str(kind) for name, kind in cursor.fetchall()}


def _type_problem(where: str, kind: str, expected: str) -> str:
    return f"{where}: stored as {kind}; expected {expected} (as the OMOP CDM defines it)"


def _select(table: Table, columns: dict[str, str], schema: str, where: Any) -> Any:
    """The COPY query for one table: its schema columns that exist, dates as dates."""
    from psycopg import sql

    parts: list[Any] = []
    for column in table.columns:
        kind = columns.get(column.name)
        if kind is None:
            continue
        name = sql.Identifier(column.name)
        if column.kind == "date" and kind in DATE_TYPES:
            parts.append(sql.SQL("CAST({} AS date) AS {}").format(name, name))
        else:
            parts.append(name)
    return sql.SQL("COPY (SELECT {} FROM {}.{} {}) TO STDOUT (FORMAT csv, HEADER true)").format(
        sql.SQL(", ").join(parts), sql.Identifier(schema), sql.Identifier(table.name), where
    )


def export_cdm(
    url: str, schema: str, out: Path, progress: Callable[[str], None] | None = None
) -> Path:
    """Copy the rows and columns the episode step reads from the CDM in `schema` into CSV files
    in `out` (created); return `out`. Raise InputError naming every problem found."""
    import psycopg
    from psycopg import sql

    try:
        connection = psycopg.connect(url, autocommit=False)
    except psycopg.Error as exc:
        # psycopg's own text names the host, port and user, never the password.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise InputError(
            [f"PostgreSQL: cannot connect ({exc.__class__.__name__}: {reason})"]
        ) from exc
    out.mkdir(parents=True, exist_ok=True)
    try:
        with connection, connection.cursor() as cursor:
            # One snapshot for every table; nothing can be written through this session.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'")
            cursor.execute("SET LOCAL TimeZone = 'UTC'")
            cursor.execute(
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
            )
            if cursor.fetchone() is None:
                raise InputError(
                    [f"{schema}: no such schema in this database (or no right to read it)"]
                )
            found = {t.name: _columns(cursor, schema, t.name) for t in OMOP_TABLES}
            _check_columns(schema, found)
            concepts = sql.SQL(", ").join(sql.Literal(i) for i in _outcome_and_gestation_concepts())
            female = int(episode_settings()["concepts"]["female"])
            for table in OMOP_TABLES:
                columns = found[table.name]
                if not columns:
                    continue
                if table.name == "person":
                    where = sql.SQL("WHERE gender_concept_id = {}").format(sql.Literal(female))
                else:
                    where = sql.SQL("WHERE {} IN ({})").format(
                        sql.Identifier(table.columns[1].name), concepts
                    )
                rows = _copy(
                    cursor, _select(table, columns, schema, where), out / f"{table.name}.csv"
                )
                if progress is not None:
                    progress(f"{schema}.{table.name}: {counted(rows, 'rows')} read")
    except psycopg.Error as exc:
        raise InputError(
            [f"{schema}: PostgreSQL refused to read the CDM ({exc.__class__.__name__})"]
        ) from exc
    finally:
        connection.close()
    return out


def _check_columns(schema: str, found: dict[str, dict[str, str]]) -> None:
    problems: list[str] = []
    if not found["person"]:
        problems.append(f"{schema}.person: no such table (or no right to read it)")
    if not any(found[t.name] for t in EVENT_TABLES):
        names = ", ".join(t.name for t in EVENT_TABLES)
        problems.append(f"{schema}: none of the event tables ({names}) is there")
    for table in OMOP_TABLES:
        columns = found[table.name]
        if not columns:
            continue
        missing = [c.name for c in table.columns if c.required and c.name not in columns]
        if missing:
            problems.append(
                f"{schema}.{table.name}: missing required column(s): {', '.join(missing)}"
            )
        for column in table.columns:
            kind = columns.get(column.name)
            where = f"{schema}.{table.name}.{column.name}"
            if kind is None:
                continue
            if column.kind == "integer" and kind not in INTEGER_TYPES:
                problems.append(_type_problem(where, kind, "a whole number"))
            elif column.kind == "date" and kind not in DATE_TYPES | TEXT_TYPES:
                problems.append(_type_problem(where, kind, "a date"))
            elif column.kind == "number" and kind not in NUMBER_TYPES | TEXT_TYPES:
                problems.append(_type_problem(where, kind, "a number"))
    if problems:
        raise InputError(problems)


def _copy(cursor: Any, query: Any, path: Path) -> int:
    """Stream one COPY into `path`; return the number of data rows."""
    newlines = 0
    with path.open("wb") as file, cursor.copy(query) as copy:
        for chunk in copy:
            data = bytes(chunk)
            newlines += data.count(b"\n")
            file.write(data)
    # Every row ends with a newline; a newline inside a quoted value would be counted too, but
    # no column the step reads is free text.
    return max(newlines - 1, 0)
