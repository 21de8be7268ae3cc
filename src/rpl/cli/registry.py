"""`rpl registry`: classify every woman of a registry; counts, care gaps, outcomes, report."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pyarrow.parquet as pq

from rpl.batch.counts import counted
from rpl.batch.engines import Engine, OutputFormat, make_engine
from rpl.batch.omop_postgres import is_postgres_url
from rpl.batch.registry import run_registry
from rpl.batch.schema import InputError
from rpl.cli.common import fail_with_problems, guard, resolve_today
from rpl.core.profiles import get_profile, load_profiles


@click.command(name="registry")
@click.argument("source", metavar="SOURCE")
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="duckdb: one machine; spark: PySpark (local mode unless RPL_SPARK_MASTER is set).",
)
@click.option(
    "--profile",
    "profile_ids",
    multiple=True,
    metavar="ID",
    help="Guideline profile; repeat for several, or 'all'. Default: eshre-2022.",
)
@click.option(
    "--profile-dir",
    "profile_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of extra profile files (a clinic's own). Repeatable.",
)
@click.option(
    "--input-format",
    type=click.Choice(["tables", "omop"]),
    default="tables",
    show_default=True,
    help="tables: the registry schema (docs/registry.md); omop: an OMOP CDM subset, read "
    "through a pregnancy-episode step (Matcho et al. 2018).",
)
@click.option(
    "--cdm-schema",
    metavar="NAME",
    default=None,
    help="With --input-format omop and a PostgreSQL URL as SOURCE: the schema holding the CDM "
    "tables.",
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder to create.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["parquet", "csv"]),
    default="parquet",
    show_default=True,
    help="File format of the per-woman outputs.",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Reference date for ages (YYYY-MM-DD). Default: today.",
)
@click.option(
    "--memory-limit",
    metavar="SIZE",
    default=None,
    help="DuckDB: memory it may use (e.g. 3GB); beyond it, work spills to --temp-dir. "
    "Default: DuckDB's (80% of the machine's memory).",
)
@click.option(
    "--temp-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="DuckDB: folder for work spilled to disk (default: .tmp in the current folder).",
)
@click.option("--overwrite", is_flag=True, help="Replace OUT if it holds files.")
@click.option(
    "--quiet", is_flag=True, help="No progress lines (one per finished stage, on stderr)."
)
@guard
def command(
    source: str,
    engine: str,
    profile_ids: tuple[str, ...],
    profile_dirs: tuple[Path, ...],
    input_format: str,
    cdm_schema: str | None,
    out: Path,
    output_format: str,
    as_of: dt.datetime | None,
    memory_limit: str | None,
    temp_dir: Path | None,
    overwrite: bool,
    quiet: bool,
) -> None:
    """Classify every woman in the registry tables in the folder SOURCE under each profile (or
    in an OMOP CDM: a folder of its tables, or a PostgreSQL URL with --cdm-schema), and write
    to OUT:
    classification-PROFILE (one row per woman, the engine's classification),
    care-gaps-PROFILE (women who meet the definition without a result for an investigation
    the profile recommends), summary.json (counts, RPL prevalence by age band, primary and
    secondary, care gaps, live birth in the next pregnancy) and report.html (charts).

    Exit status: 0 on success, 2 when the input or a profile is unusable (one line per
    problem, naming table and column, never a value), 1 on an internal error.
    """
    profiles = load_profiles(profile_dirs)
    if "all" in profile_ids:
        chosen = list(profiles.values())
    elif profile_ids:
        chosen = [get_profile(p, profiles) for p in dict.fromkeys(profile_ids)]
    else:
        chosen = [get_profile(None, profiles)]
    fmt: OutputFormat = "csv" if output_format == "csv" else "parquet"
    reference = resolve_today(as_of)
    from_postgres = is_postgres_url(source)
    problems = []
    if from_postgres and input_format != "omop":
        problems.append("SOURCE: a PostgreSQL URL is read with --input-format omop")
    if from_postgres and not cdm_schema:
        problems.append("--cdm-schema: name the schema that holds the CDM tables (e.g. cdm)")
    if cdm_schema and not from_postgres:
        problems.append("--cdm-schema: only with a PostgreSQL URL as SOURCE")
    if engine == "spark" and (memory_limit or temp_dir):
        problems.append(
            "--memory-limit, --temp-dir: DuckDB settings (Spark takes its own from its configuration)"
        )
    if problems:
        fail_with_problems(problems)
    progress = quiet_progress if quiet else StageLines("registry")
    try:
        runner = (
            make_engine("spark")
            if engine == "spark"
            else make_engine("duckdb", memory_limit=memory_limit, temp_directory=temp_dir)
        )
    except InputError as exc:
        fail_with_problems(exc.problems)
    scratch = tempfile.TemporaryDirectory(prefix="rpl-omop-") if input_format == "omop" else None
    try:
        directory = Path(source)
        if scratch is not None:
            directory = read_omop(runner, source, cdm_schema, Path(scratch.name), progress)
        summary = run_registry(
            runner,
            directory,
            out,
            chosen,
            reference,
            engine,
            fmt,
            overwrite,
            progress=progress,
        )
    except InputError as exc:
        fail_with_problems(exc.problems)
    finally:
        runner.close()
        if scratch is not None:
            scratch.cleanup()
    for profile in summary["profiles"]:
        click.echo(
            f"{profile['id']}: {counted(profile['women'], 'women')}, {profile['meets']} meeting"
            f" the definition ({profile['undecided']} undecided), "
            f"{profile['care_gaps']['women_with_a_gap']} with a care gap"
        )
    click.echo(f"written to {out}")


def read_omop(
    runner: Engine,
    source: str,
    cdm_schema: str | None,
    scratch: Path,
    progress: Callable[[str], None],
) -> Path:
    """The registry tables of an OMOP CDM (a folder, or a PostgreSQL URL with its schema),
    written into `scratch`."""
    from rpl.batch.omop import omop_to_tables

    if cdm_schema and is_postgres_url(source):
        from rpl.batch.omop_postgres import export_cdm

        cdm = export_cdm(source, cdm_schema, scratch / "cdm", progress)
        tables = omop_to_tables(runner, cdm, scratch / "tables", prefix=f"{cdm_schema}.")
    else:
        tables = omop_to_tables(runner, Path(source), scratch / "tables")
    women, pregnancies = (
        pq.read_metadata(tables / f"{t}.parquet").num_rows for t in ("women", "pregnancies")
    )
    progress(
        f"OMOP pregnancy episodes: {counted(women, 'women')}, {counted(pregnancies, 'pregnancies')}"
    )
    return tables


def quiet_progress(_: str) -> None:
    return None


class StageLines:
    """Progress of a long run: one line per finished stage on standard error (standard output
    stays a clean summary), with how long the stage took and the run so far."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.start = self.last = time.perf_counter()

    def __call__(self, message: str) -> None:
        now = time.perf_counter()
        click.echo(
            f"{self.label}: {message} ({_seconds(now - self.last)}; "
            f"{_seconds(now - self.start)} in all)",
            err=True,
        )
        self.last = now


def _seconds(value: float) -> str:
    if value < 60:
        return f"{value:.1f} s"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} min {seconds:02d} s"


def progress_bar(length: int, label: str) -> Any:
    """A progress bar on standard error, so standard output stays a clean summary."""
    return click.progressbar(length=length, label=label, file=sys.stderr)


COMMAND = command
