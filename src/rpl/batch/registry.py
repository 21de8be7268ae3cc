"""`rpl registry`: classify every woman of a registry under one or more profiles.

A thin job around the SQL in `rpl.batch.sql`: read and check the input tables, keep them
typed, then per profile write the per-woman classification and the care-gap list and
gather the counts, rates and outcomes that `summary.json` and `report.html` show.
Outputs are written into a fresh folder beside OUT and moved into place only when all of
them are complete: a failed run leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rpl import __version__
from rpl.batch.caregaps import CareGapSpec, care_gap_spec
from rpl.batch.counts import counted
from rpl.batch.engines import Engine, OutputFormat, sql_list
from rpl.batch.files import check_out, make_work_dir, move_into_place
from rpl.batch.schema import TABLES_BY_NAME, InputError, Source, find_sources
from rpl.batch.sql import (
    CLASSIFICATION_COLUMNS,
    IN_KEY_ORDER,
    check_select,
    duplicate_keys_select,
    is_integer,
    orphans_select,
    outcomes_sql,
    quote,
    typed_select,
    women_classified_sql,
)
from rpl.core.calculators.base import load_data
from rpl.core.classification import describe_definition
from rpl.core.knowledge import knowledge_version
from rpl.core.profiles import Definition, Profile

SUMMARY_FORMAT = "rpl-registry/1"
AGE_BAND_TABLE = "miscarriage-risk-magnus-2019"  # the age bands of the risk figures we cite
UNKNOWN_BAND = "unknown"
LOSS_GROUPS = ("2", "3", "4 or more")

NO_RESULTS_NOTE = (
    "The input holds no test results, so every woman who meets the definition is listed as "
    "lacking every recommended investigation: these are not care gaps until results are loaded."
)

# Told one line per finished stage, with counts (never a value from the data), so that a long
# run can say what it has done (`rpl registry` prints each line with its time).
Progress = Callable[[str], None]


def _no_progress(_: str) -> None:
    return None


@dataclass
class LoadedInput:
    counts: dict[str, int]
    id_type: str
    tables: tuple[str, ...]


def load_input(engine: Engine, directory: Path, as_of: dt.date) -> LoadedInput:
    """Register, check and type the input tables; raise InputError listing every problem."""
    sources = find_sources(directory)
    problems: list[str] = []
    raw_columns: dict[str, dict[str, str]] = {}
    for name, source in sources.items():
        raw = engine.register(source, f"raw_{name}")
        raw_columns[name] = raw
        table = TABLES_BY_NAME[name]
        missing = [c.name for c in table.columns if c.required and c.name not in raw]
        if missing:
            problems.append(f"{source.path.name}: missing required column(s): {', '.join(missing)}")
    if problems:
        raise InputError(problems)

    id_columns = [raw_columns[n]["woman_id"] for n in sources if "woman_id" in raw_columns[n]]
    id_type = "BIGINT" if all(is_integer(t) for t in id_columns) else "STRING"

    # Each check is a one-row query of counts with one message per count (the message "" marks
    # the table's row count); they run as one query, so Spark schedules one set of jobs.
    checks: list[tuple[str, str, list[str]]] = []
    later: list[tuple[str, str, list[str]]] = []  # only if the key order does not settle them
    for name in sources:
        table = TABLES_BY_NAME[name]
        present = {
            k: v for k, v in raw_columns[name].items() if k in {c.name for c in table.columns}
        }
        # A Parquet file whose keys only grow row by row has no duplicate key: the checks'
        # own pass tests that, instead of a grouping (CSV is parsed again for every query: not
        # worth it).
        in_order = (
            engine.streams_in_read_order and sources[name].format == "parquet" and bool(table.key)
        )
        checks.append((name, *check_select(table, present, f"raw_{name}", key_order=in_order)))
        if table.key:
            key = " + ".join(table.key)
            duplicates = f"{name}: {{n}} value(s) of {key} appear on more than one row"
            check = (name, duplicate_keys_select(table, f"raw_{name}"), [duplicates])
            (later if in_order else checks).append(check)
    # Pregnancies without a woman are found where `classify` joins them to the women (no
    # extra pass); here only when there are other problems, so that all are listed at once.
    if "results" in sources:
        checks.append(_orphans_check("results", id_type))
    counts, problems, increasing = _run_checks(engine, checks)
    unsettled = [
        check
        for check in later
        if not counts[check[0]] or increasing.get(check[0]) != counts[check[0]] - 1
    ]
    if unsettled:
        problems += _run_checks(engine, unsettled)[1]
    if problems:
        problems += _run_checks(engine, [_orphans_check("pregnancies", id_type)])[1]
        raise InputError(problems)

    for name, table in TABLES_BY_NAME.items():
        if name in sources:
            present = {
                k: v for k, v in raw_columns[name].items() if k in {c.name for c in table.columns}
            }
            select = typed_select(table, present, f"raw_{name}", id_type)
        else:
            select = (
                typed_select(table, {}, "(SELECT 1 AS none) AS empty", id_type) + " WHERE 1 = 0"
            )
            counts[name] = 0
        if name == "women":
            age = _age_years("birth_date", quote(as_of.isoformat()), engine)
            select = f"SELECT *, {age} AS age_years FROM ({select}) AS typed"
        if name in sources and sources[name].format == "parquet":
            engine.view(f"rpl_{name}", select)  # Parquet is read again faster than it is copied
        else:
            engine.keep(f"rpl_{name}", select)
    return LoadedInput(counts=counts, id_type=id_type, tables=tuple(sources))


def _orphans_check(child: str, id_type: str) -> tuple[str, str, list[str]]:
    orphans = f"{child}: {{n}} row(s) name a woman_id that is not in women"
    return child, orphans_select(f"raw_{child}", "raw_women", "woman_id", id_type), [orphans]


def _run_checks(
    engine: Engine, checks: list[tuple[str, str, list[str]]]
) -> tuple[dict[str, int], list[str], dict[str, int]]:
    """Run the checks as one query: each table's row count, a message per failed check, and
    per table checked in key order, its rows read after a smaller key."""
    joined = " CROSS JOIN ".join(f"({sql}) AS check_{i}" for i, (_, sql, _) in enumerate(checks))
    values = iter(engine.rows(f"SELECT * FROM {joined}")[0])
    counts: dict[str, int] = {}
    problems: list[str] = []
    increasing: dict[str, int] = {}
    for name, _, messages in checks:
        for message in messages:
            count = int(next(values) or 0)
            if message == "":
                counts[name] = count
            elif message == IN_KEY_ORDER:
                increasing[name] = count
            elif count:
                problems.append(message.format(n=count))
    return counts, problems, increasing


CLASSIFIED = "rpl_classified"


def classify(engine: Engine, definition: Definition, path: Path) -> str:
    """Write every woman's classification under `definition` (`women_classified_sql`) to the
    Parquet file `path` and name the file as the view `rpl_classified`; return the view's name.
    Raise InputError if pregnancies name women who are not in `women`.

    The classification streams from one query into the file (nothing is kept in memory between
    its steps); the summary's queries then read the written file, which is small.
    """
    engine.write(f"SELECT * FROM ({women_classified_sql(definition)}) AS c", path, "parquet")
    engine.register(Source("classification", path, "parquet"), CLASSIFIED)
    _refuse_orphans(engine, CLASSIFIED)
    return CLASSIFIED


def _refuse_orphans(engine: Engine, classified: str) -> None:
    """The classification has one row per woman of `women` (whose ids the checks found unique)
    and one more per woman_id that only the pregnancies name: count those rows' pregnancies."""
    extra = engine.rows(
        f"SELECT (SELECT COUNT(*) FROM {classified}) - (SELECT COUNT(*) FROM rpl_women)"
    )[0][0]
    if extra:
        orphans = engine.rows(
            f"SELECT SUM(c.pregnancies) FROM {classified} AS c "
            "LEFT JOIN rpl_women AS w ON w.woman_id = c.woman_id WHERE w.woman_id IS NULL"
        )[0][0]
        raise InputError(
            [f"pregnancies: {int(orphans)} row(s) name a woman_id that is not in women"]
        )


def _age_years(birth: str, on: str, engine: Engine) -> str:
    """Completed years as the core counts them: days / 365.25 to one decimal, then whole years."""
    days = engine.dialect.days_between(birth, f"CAST({on} AS DATE)")
    return f"CAST(FLOOR(ROUND({days} / 365.25, 1)) AS INTEGER)"


def age_bands() -> list[tuple[str, int, int]]:
    """(label, from, to) in years: the bands of the age-specific risk figures we cite."""
    rows = load_data(AGE_BAND_TABLE).tables["age_bands"]
    return [(str(r["label"]), int(r["from_years"]), int(r["to_years"])) for r in rows]


def age_band(age: int | None) -> str:
    """The band of an age in whole years, as `age_band_sql` gives it."""
    if age is not None:
        for label, low, high in age_bands():
            if low <= age <= high:
                return label
    return UNKNOWN_BAND


def age_band_number_sql(age: str) -> str:
    """The band of an age as its place in `age_bands()` (the unknown band last): a number to
    group by, named in Python (`age_band_labels`)."""
    bands = age_bands()
    whens = " ".join(
        f"WHEN {age} BETWEEN {low} AND {high} THEN {number}"
        for number, (_, low, high) in enumerate(bands)
    )
    return f"CASE {whens} ELSE {len(bands)} END"


def age_band_labels() -> list[str]:
    """The bands' labels, in the order `age_band_number_sql` numbers them."""
    return [label for label, _, _ in age_bands()] + [UNKNOWN_BAND]


@dataclass
class ProfileResult:
    profile: Profile
    summary: dict[str, Any] = field(default_factory=dict)


def _flagged_sql(spec: CareGapSpec, classified: str) -> str:
    """One row per woman who meets the definition, with `done_<i>` per care-gap item: whether
    she has a result that satisfies it."""
    flags = []
    for index, item in enumerate(spec.items):
        conditions = []
        if item.tests:
            conditions.append(
                f"woman_id IN (SELECT woman_id FROM rpl_results WHERE test IN ({sql_list(item.tests)}))"
            )
        if item.tissue_results:
            conditions.append(
                "woman_id IN (SELECT woman_id FROM rpl_pregnancies WHERE tissue_genetics IN "
                f"({sql_list(item.tissue_results)}))"
            )
        satisfied = " OR ".join(conditions) if conditions else "FALSE"
        flags.append(f"({satisfied}) AS done_{index}")
    return f"SELECT woman_id, {', '.join(flags)} FROM {classified} WHERE meets_definition = TRUE"


def _care_gap_sql(spec: CareGapSpec, flagged: str) -> str:
    """One row per (woman who meets the definition, recommended investigation without result)."""
    parts = []
    for index, item in enumerate(spec.items):
        evidence = ", ".join([*item.tests, *(f"tissue_genetics={t}" for t in item.tissue_results)])
        parts.append(
            f"SELECT woman_id, {quote(item.investigation)} AS investigation, "
            f"{quote(item.rule)} AS rule, {quote(item.recommendation)} AS recommendation, "
            f"{quote(evidence)} AS satisfied_by FROM {flagged} WHERE NOT done_{index}"
        )
    return "\n  UNION ALL ".join(parts)


def _care_gap_counts_sql(spec: CareGapSpec, flagged: str) -> str:
    """The women without each item's result, then the women without at least one (from the
    flags, so that the care-gap rows are not read again)."""
    missing = [f"SUM(CASE WHEN done_{i} THEN 0 ELSE 1 END)" for i in range(len(spec.items))]
    every = " AND ".join(f"done_{i}" for i in range(len(spec.items)))
    return f"SELECT {', '.join(missing)}, SUM(CASE WHEN {every} THEN 0 ELSE 1 END) FROM {flagged}"


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def run_profile(
    engine: Engine,
    profile: Profile,
    work: Path,
    output_format: OutputFormat,
    progress: Progress = _no_progress,
) -> dict[str, Any]:
    definition = profile.definition
    files: dict[str, str] = {}
    suffix = "parquet" if output_format == "parquet" else "csv"
    name = f"classification-{profile.id}.{suffix}"
    # Written as Parquet first (the summary reads it back); as CSV, copied once at the end.
    # (Not a hidden name: Spark skips files whose name starts with a dot.)
    written = work / (name if output_format == "parquet" else f"unfinished-{name}.parquet")
    classified = classify(engine, definition, written)
    files["classification"] = name

    # Grouped by age in whole years, then summed into the bands here: one row per woman, so the
    # sums are the counts a grouping by band gives, without a band's label for every woman.
    by_age = engine.rows(
        f"""SELECT w.age_years, COUNT(*) AS women,
            SUM(CASE WHEN c.pregnancies > 0 THEN 1 ELSE 0 END) AS ever_pregnant,
            SUM(CASE WHEN c.meets_definition = TRUE THEN 1 ELSE 0 END) AS meets,
            SUM(CASE WHEN c.meets_definition IS NULL THEN 1 ELSE 0 END) AS undecided,
            SUM(CASE WHEN c.meets_definition = TRUE AND c.rpl_type = 'primary' THEN 1 ELSE 0 END) AS primary_rpl,
            SUM(CASE WHEN c.meets_definition = TRUE AND c.rpl_type = 'secondary' THEN 1 ELSE 0 END) AS secondary_rpl
          FROM {classified} AS c LEFT JOIN rpl_women AS w ON w.woman_id = c.woman_id
          GROUP BY w.age_years"""
    )
    summed: dict[str, list[int]] = {}
    for age, *figures in by_age:
        into = summed.setdefault(age_band(age), [0] * len(figures))
        for i, value in enumerate(figures):
            into[i] += int(value or 0)
    order = [label for label, _, _ in age_bands()] + [UNKNOWN_BAND]
    bands = []
    totals = dict.fromkeys(
        ("women", "ever_pregnant", "meets", "undecided", "primary", "secondary"), 0
    )
    for label in (band for band in order if band in summed):
        women, ever, meets, undecided, primary, secondary = summed[label]
        for key, value in zip(
            totals, (women, ever, meets, undecided, primary, secondary), strict=True
        ):
            totals[key] += value
        bands.append(
            {
                "age_band": label,
                "women": women,
                "ever_pregnant": ever,
                "meets": meets,
                "undecided": undecided,
                "primary": primary,
                "secondary": secondary,
                "prevalence_percent": _percent(meets, women),
                "prevalence_if_undecided_met_percent": _percent(meets + undecided, women),
            }
        )
    progress(
        f"{profile.id}: {counted(totals['women'], 'women')} classified; {totals['meets']:,} "
        f"meeting the definition, {totals['undecided']:,} undecided"
    )

    spec = care_gap_spec(profile)
    gap_counts: dict[str, int] = {}
    gap_name = f"care-gaps-{profile.id}.{suffix}"
    women_with_gap = 0
    if spec.items:
        # The flags are few (one row per woman who meets the definition): kept, then read
        # once for the care-gap rows, written as they are made, and once for the counts.
        engine.keep("rpl_flagged", _flagged_sql(spec, classified))
        engine.write(_care_gap_sql(spec, "rpl_flagged"), work / gap_name, output_format)
        *missing, women_with_gap = engine.rows(_care_gap_counts_sql(spec, "rpl_flagged"))[0]
        for item, count in zip(spec.items, missing, strict=True):
            gap_counts[item.investigation] = gap_counts.get(item.investigation, 0) + int(count or 0)
        women_with_gap = int(women_with_gap or 0)
        files["care_gaps"] = gap_name
    care_gaps = {
        "women_with_a_gap": women_with_gap,
        "items": [
            {
                "investigation": item.investigation,
                "rule": item.rule,
                "recommendation": item.recommendation,
                "satisfied_by": [
                    *item.tests,
                    *(f"tissue_genetics={t}" for t in item.tissue_results),
                ],
                "sources": list(item.sources),
                "women_without_result": gap_counts.get(item.investigation, 0),
                "percent_of_women_meeting": _percent(
                    gap_counts.get(item.investigation, 0), totals["meets"]
                ),
            }
            for item in spec.items
        ],
        "left_out": list(spec.left_out),
    }
    progress(
        f"{profile.id}: care gaps: {counted(women_with_gap, 'women')} without a recommended "
        f"investigation ({counted(sum(gap_counts.values()), 'rows')})"
    )

    index_band = age_band_number_sql(_age_years("w.birth_date", "o.end_date", engine))
    # Each woman once per group (her index pregnancies summed), then the groups: a grouping
    # by woman instead of a distinct count beside the other counts; band and losses (4 for
    # "4 or more") as numbers, named here.
    outcome_rows = engine.rows(
        f"""SELECT band, losses, COUNT(*) AS women, SUM(with_next) AS with_next,
            SUM(live_births) AS live_births
          FROM (
            SELECT band, losses, woman_id,
              count_if(next_outcome IS NOT NULL AND next_outcome <> 'ongoing') AS with_next,
              count_if(next_outcome = 'live_birth') AS live_births
            FROM (
              SELECT {index_band} AS band, LEAST(o.losses, 4) AS losses, o.woman_id,
                o.next_outcome
              FROM ({outcomes_sql(definition, among=classified)}) AS o
              JOIN rpl_women AS w ON w.woman_id = o.woman_id
            ) AS indexed
            GROUP BY band, losses, woman_id
          ) AS by_woman
          GROUP BY band, losses"""
    )
    labels = age_band_labels()
    outcomes = []
    for band, group, women, with_next, live in sorted(outcome_rows, key=lambda r: (r[0], r[1])):
        outcomes.append(
            {
                "age_band": labels[band],
                "losses": "4 or more" if group >= 4 else str(group),
                "women": int(women),
                "next_pregnancies": int(with_next or 0),
                "live_births": int(live or 0),
                "live_birth_percent": _percent(int(live or 0), int(with_next or 0)),
            }
        )
    progress(
        f"{profile.id}: outcomes: "
        f"{counted(sum(o['next_pregnancies'] for o in outcomes), 'pregnancies')} after meeting "
        "the definition"
    )

    if output_format != "parquet":
        columns = ", ".join(CLASSIFICATION_COLUMNS)
        engine.write(f"SELECT {columns} FROM {classified}", work / name, output_format)
        written.unlink()

    return {
        "id": profile.id,
        "title": profile.title,
        "definition": describe_definition(definition),
        "women": totals["women"],
        "ever_pregnant": totals["ever_pregnant"],
        "meets": totals["meets"],
        "undecided": totals["undecided"],
        "not_meeting": totals["women"] - totals["meets"] - totals["undecided"],
        "primary": totals["primary"],
        "secondary": totals["secondary"],
        "prevalence_percent": _percent(totals["meets"], totals["women"]),
        "by_age_band": bands,
        "care_gaps": care_gaps,
        "outcomes_after_rpl": outcomes,
        "files": files,
    }


def classify_tables(
    engine: Engine, directory: Path, profiles: Sequence[Profile], as_of: dt.date
) -> dict[str, list[dict[str, Any]]]:
    """Per profile id, the per-woman classification rows (a library entry point; no files)."""
    load_input(engine, directory, as_of)
    women = engine.rows("SELECT COUNT(*) FROM rpl_women")[0][0]
    classified: dict[str, list[dict[str, Any]]] = {}
    for profile in profiles:
        table = engine.arrow(
            f"SELECT * FROM ({women_classified_sql(profile.definition)}) AS c ORDER BY woman_id"
        )
        if table.num_rows != women:
            engine.view(
                "rpl_answer", f"SELECT * FROM ({women_classified_sql(profile.definition)}) AS c"
            )
            _refuse_orphans(engine, "rpl_answer")
        classified[profile.id] = table.to_pylist()
    return classified


def run_registry(
    engine: Engine,
    directory: Path,
    out: Path,
    profiles: Sequence[Profile],
    as_of: dt.date,
    engine_name: str,
    output_format: OutputFormat = "parquet",
    overwrite: bool = False,
    progress: Progress = _no_progress,
) -> dict[str, Any]:
    """Run the whole job and move the finished outputs into OUT; return the summary."""
    from rpl.batch.report import render_report

    check_out(out, overwrite)
    work = make_work_dir(out)
    try:
        loaded = load_input(engine, directory, as_of)
        progress(
            "input checked: "
            + ", ".join(counted(loaded.counts.get(name, 0), name) for name in TABLES_BY_NAME)
        )
        summary: dict[str, Any] = {
            "format": SUMMARY_FORMAT,
            "engine": engine_name,
            "as_of": as_of.isoformat(),
            "versions": {"rpl": __version__, "knowledge": knowledge_version()},
            "input": {name: loaded.counts.get(name, 0) for name in TABLES_BY_NAME},
            "age_bands_from": AGE_BAND_TABLE,
            "profiles": [],
        }
        for profile in profiles:
            result = run_profile(engine, profile, work, output_format, progress)
            if not loaded.counts.get("results"):
                result["care_gaps"]["note"] = NO_RESULTS_NOTE
            summary["profiles"].append(result)
        (work / "summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (work / "report.html").write_text(render_report(summary), encoding="utf-8")
        progress("summary and report written")
        move_into_place(work, out)
        return summary
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
