"""The two engines the registry runs on: DuckDB (default, one machine) and Spark (a cluster).

Both take the same SQL text (`rpl.batch.sql`); each only knows how to read the input
files, keep an intermediate table, return a small result and write a large one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import pyarrow as pa

from rpl.batch.schema import InputError, Source
from rpl.batch.sql import DUCKDB, SPARK, Dialect, greater_than_previous, previous_key_select

EngineName = Literal["duckdb", "spark"]
OutputFormat = Literal["parquet", "csv"]


class Engine(Protocol):
    dialect: Dialect
    # Whether a window without partitions streams a file's rows in one pass, so that the input
    # checks can test the key order as they count (`check_select(key_order=True)`).
    streams_in_read_order: bool

    def register(self, source: Source, view: str) -> dict[str, str]:
        """Expose the raw table as `view`; return its column names and raw types."""
        ...

    def keep(self, name: str, sql: str) -> None:
        """Compute `sql` once and keep it as table `name` for the next queries."""
        ...

    def view(self, name: str, sql: str) -> None:
        """Name `sql` as `name` without computing it (read again by each query)."""
        ...

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """A small result, as Python tuples."""
        ...

    def in_strict_order(self, view: str, key: tuple[str, ...]) -> bool:
        """True when the rows, in the order the engine reads them, have strictly increasing
        `key` values (so no key repeats); False when they do not or it cannot tell cheaply."""
        ...

    def arrow(self, sql: str) -> pa.Table:
        """A result as an Arrow table (for tests and small outputs)."""
        ...

    def write(self, sql: str, path: Path, output_format: OutputFormat) -> None:
        """Write a (possibly large) result to one file."""
        ...

    def close(self) -> None: ...


class DuckDBEngine:
    dialect = DUCKDB
    streams_in_read_order = True

    def __init__(
        self,
        threads: int | None = None,
        memory_limit: str | None = None,
        temp_directory: Path | None = None,
    ) -> None:
        """`memory_limit` ("4GB"): what DuckDB may hold in memory; beyond it, joins,
        aggregations and sorts spill to `temp_directory` (default: DuckDB's own, beside the
        database, which for an in-memory one is `.tmp` in the working folder)."""
        import duckdb

        self._duckdb = duckdb
        self.con = duckdb.connect(":memory:")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        try:
            if memory_limit:
                self.con.execute("SET memory_limit = ?", [memory_limit])
            if temp_directory is not None:
                temp_directory.mkdir(parents=True, exist_ok=True)
                self.con.execute("SET temp_directory = ?", [str(temp_directory)])
        except (duckdb.Error, OSError) as exc:
            self.con.close()
            raise InputError(
                [f"--memory-limit / --temp-dir: not usable ({exc.__class__.__name__})"]
            ) from exc
        # Results come back in a stable order only where the SQL asks for one.
        self.con.execute("SET preserve_insertion_order = false")

    def register(self, source: Source, view: str) -> dict[str, str]:
        files = [str(f) for f in source.files]
        if source.format == "parquet":
            reader = f"read_parquet({files!r})"
        else:
            # Everything as text: the checks then report a bad value by column and row count,
            # instead of the reader's message, which would quote the value.
            reader = f"read_csv({files!r}, header = true, all_varchar = true)"
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {reader}")
            described = self.con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall()
        except self._duckdb.Error as exc:
            kind = "Parquet" if source.format == "parquet" else "CSV"
            raise InputError(
                [f"{source.path.name}: cannot be read as {kind} ({exc.__class__.__name__})"]
            ) from exc
        return {str(name).lower(): str(kind) for name, kind, *_ in described}

    def keep(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def view(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def in_strict_order(self, view: str, key: tuple[str, ...]) -> bool:
        # The test the input checks make in their own pass (`check_select(key_order=True)`).
        total, increasing = self.con.execute(
            f"SELECT COUNT(*), count_if({greater_than_previous(key)}) "
            f"FROM ({previous_key_select(view, key, list(key))}) AS s"
        ).fetchall()[0]
        return bool(total) and int(increasing or 0) == int(total) - 1

    def arrow(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def write(self, sql: str, path: Path, output_format: OutputFormat) -> None:
        if output_format == "csv":
            columns = self.con.execute(f"DESCRIBE ({sql})").fetchall()
            text = [name for name, kind, *_ in columns if str(kind).upper() == "VARCHAR"]
            sql = csv_safe(sql, [str(c[0]) for c in columns], text)
        # zstd's fastest level: files as small as its default level's, written in less time.
        options = (
            "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1"
            if output_format == "parquet"
            else "FORMAT csv, HEADER true"
        )
        self.con.execute(f"COPY ({sql}) TO '{_sql_path(path)}' ({options})")

    def close(self) -> None:
        self.con.close()


# A CSV cell a spreadsheet would run as a formula (OWASP "CSV injection"): text starting with
# =, +, -, @, tab or carriage return gets a leading ' so that it is shown as text. Ids come from
# the clinic's own files, and a registry export is opened in spreadsheets.
_FORMULA_START = "('=', '+', '-', '@', chr(9), chr(13))"
_APOSTROPHE = "'" * 4  # the SQL literal of one apostrophe


def csv_safe(sql: str, columns: list[str], text_columns: list[str]) -> str:
    """`sql` with each text column's formula-like values escaped (DuckDB and Spark SQL)."""
    if not text_columns:
        return sql
    parts = [
        f"CASE WHEN substr({c}, 1, 1) IN {_FORMULA_START} THEN concat({_APOSTROPHE}, {c}) "
        f"ELSE {c} END AS {c}"
        if c in text_columns
        else c
        for c in columns
    ]
    return f"SELECT {', '.join(parts)} FROM ({sql}) AS unescaped"


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


class SparkEngine:
    dialect = SPARK
    streams_in_read_order = False  # such a window would pull every row into one task

    def __init__(self, master: str | None = None, session: Any = None) -> None:
        if session is None:
            session = spark_session(master)
        self.spark = session
        self._kept: list[str] = []
        # Dates from timestamps are taken in UTC, as DuckDB takes them; a session handed in (a
        # notebook's) gets its own setting back on close.
        self._time_zone = session.conf.get("spark.sql.session.timeZone", None)
        session.conf.set("spark.sql.session.timeZone", "UTC")

    def register(self, source: Source, view: str) -> dict[str, str]:
        files = [spark_path(f) for f in source.files]
        try:
            if source.format == "parquet":
                frame = self.spark.read.parquet(*files)
            else:
                frame = self.spark.read.option("header", "true").csv(files)
        except Exception as exc:  # Spark raises its own analysis errors; never echo them
            raise InputError(
                [f"{source.path.name}: cannot be read ({exc.__class__.__name__})"]
            ) from exc
        frame = frame.toDF(*[c.lower() for c in frame.columns])
        frame.createOrReplaceTempView(view)
        return dict(frame.dtypes)

    def view(self, name: str, sql: str) -> None:
        self.keep(name, sql)  # cached: Spark would otherwise re-read and re-check each time

    def keep(self, name: str, sql: str) -> None:
        frame = self.spark.sql(sql).cache()
        frame.createOrReplaceTempView(name)
        self._kept.append(name)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(sql).collect()]

    def in_strict_order(self, view: str, key: tuple[str, ...]) -> bool:
        return False  # a window without partitions would pull every row into one task

    def arrow(self, sql: str) -> pa.Table:
        frame = self.spark.sql(sql)
        return (
            frame.toArrow() if hasattr(frame, "toArrow") else pa.Table.from_pandas(frame.toPandas())
        )

    def write(self, sql: str, path: Path, output_format: OutputFormat) -> None:
        # Spark writes a folder of parts; one partition gives one file, moved into place.
        with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
            target = Path(scratch) / "out"
            if output_format == "csv":
                types = self.spark.sql(sql).dtypes
                text = [name for name, kind in types if kind == "string"]
                sql = csv_safe(sql, [name for name, _ in types], text)
            writer = self.spark.sql(sql).coalesce(1).write.mode("overwrite")
            if output_format == "parquet":
                writer.parquet(spark_path(target))
            else:
                writer.option("header", "true").csv(spark_path(target))
            parts = sorted(
                target.glob(f"part-*.{'parquet' if output_format == 'parquet' else 'csv'}")
            )
            if len(parts) != 1:
                parts = sorted(p for p in target.glob("part-*") if not p.name.endswith(".crc"))
            shutil.move(str(parts[0]), path)

    def close(self) -> None:
        for name in self._kept:
            self.spark.catalog.dropTempView(name)
        self.spark.catalog.clearCache()
        if self._time_zone is not None:
            self.spark.conf.set("spark.sql.session.timeZone", self._time_zone)


PATH_MAP_VARIABLE = "RPL_SPARK_PATH_MAP"


def spark_path(path: Path) -> str:
    """How Spark is to name a file that this process (the driver) sees at `path`.

    The driver finds the input files and moves the finished outputs with ordinary file
    operations; Spark's executors read and write the same files through their own file
    system, where the same storage may have another name (Databricks' `/dbfs/...` mount is
    `dbfs:/...` to Spark). `RPL_SPARK_PATH_MAP` lists `LOCAL=SPARK` prefix pairs separated by
    `;` (the longest matching prefix wins); a path under none is given as it is.
    """
    text = str(path)
    pairs = []
    for item in os.environ.get(PATH_MAP_VARIABLE, "").split(";"):
        if item.strip():
            local, sep, remote = item.strip().partition("=")
            if not sep or not local or not remote:
                raise InputError(
                    [f"{PATH_MAP_VARIABLE}: each entry is LOCAL=SPARK (prefix pairs, ';' between)"]
                )
            pairs.append((local, remote))
    for local, remote in sorted(pairs, key=lambda pair: -len(pair[0])):
        if text == local.rstrip("/") or text.startswith(local.rstrip("/") + "/"):
            rest = text[len(local.rstrip("/")) :].lstrip("/")
            return remote.rstrip("/") + ("/" + rest if rest else "")
    return text


def spark_session(master: str | None = None, **config: str) -> Any:
    """The Spark session the registry runs on.

    With a master (argument, or `RPL_SPARK_MASTER`): a session for it (`local[2]`,
    `spark://host:7077`, `yarn`, ...). Without one, the session already running in this
    process if there is one (a Databricks or Jupyter notebook, `spark-submit`), else local
    mode (`local[2]`)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise InputError(
            ["--engine spark needs PySpark: install rpl-care with the 'spark' extra"]
        ) from exc
    master = master or os.environ.get("RPL_SPARK_MASTER") or None
    if master is None and not config:
        active = SparkSession.getActiveSession()
        if active is not None:
            return active
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise InputError(["--engine spark needs Java (a JRE 17 or newer) on this machine"])
    master = master or "local[2]"
    builder = (
        SparkSession.builder.master(master)
        .appName("rpl-registry")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", os.environ.get("RPL_SPARK_DRIVER_MEMORY", "2g"))
    )
    # Two shuffle partitions suit the two cores of local mode; a cluster keeps its own setting
    # (spark-defaults.conf) unless RPL_SPARK_PARTITIONS says otherwise.
    partitions = os.environ.get("RPL_SPARK_PARTITIONS") or (
        "2" if master.startswith("local") else None
    )
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", partitions)
    if master.startswith("local"):
        builder = builder.config("spark.ui.enabled", "false")  # a cluster's driver keeps its UI
    for key, value in config.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def make_engine(name: EngineName, **options: Any) -> Engine:
    if name == "spark":
        return SparkEngine(**options)
    return DuckDBEngine(**options)


def sql_list(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)
