"""Registry benchmark: the DuckDB registry on synthetic populations of 1 M and 10 M pregnancies.

    .venv/bin/python benchmarks/registry.py [--pregnancies 1000000 10000000] [--seed 1]
                                            [--data var/benchmarks/registry] [--repeat N]
                                            [--skip-pandas-above N]

For each size it prints: the wall time of `rpl registry` for one profile (the whole job: input
checks, classification, care gaps, outcomes, summary and report) and of the classification
alone (input checks, classification, one Parquet file written); their ratio to a bare DuckDB
scan of the same Parquet files, and to the floor below (targets: classification <= 3, whole
job <= 5; wall time and CPU time, since on a shared machine wall time measures the queue); the
ratio of two pandas implementations of the
same classification to the registry's classification (target >= 10 for the straightforward
one); peak memory of each (target <= 4 GB); and, with two sizes, the growth from the smaller to
the larger (target: linear, i.e. about the ratio of the sizes).

A floor is printed beside the classification: one count per woman joined to every woman and
written to Parquet, the steps any per-woman answer needs, without checks or judgement (see
`phase_floor`); it shows how much of the <= 3 budget those steps alone take.

The bare scan reads exactly the columns of each file that the measured job reads (taken from
DuckDB's own plans of the job's queries, in a separate traced run), every value once. The scan
of every column of every file is printed beside it for reference.

The two pandas references (see benchmarks/README.md for why both):
- straightforward: each pregnancy judged with column operations, then one function per woman
  (`groupby().apply()`) that walks her pregnancies in order, as the definition reads;
- vectorised: the per-woman walk replaced by cumulative sums over segments (an expert's
  rewrite; a stricter reference).
Both answers are compared with the registry's for every woman before any time is reported.

Each measurement runs in a fresh Python process so that its peak memory is its own. Prints
figures, never asserts: speed lives here, not in timed tests. Populations are generated once
(`rpl synth`) and kept under --data.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PREGNANCIES_PER_WOMAN = 1.72  # what `rpl synth` produces on average (seed-independent to ~1%)
AS_OF = "2025-12-31"
PROFILE = "eshre-2022"


def child(phase: str, data: Path, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; it prints one JSON line with its figures."""
    command = [sys.executable, __file__, "--phase", phase, "--data", str(data)]
    if extra:
        command += ["--extra", json.dumps(extra)]
    # Our own interpreter and script, with arguments we built: nothing untrusted runs here.
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- phases (child processes)


def phase_synth(data: Path, extra: dict[str, Any]) -> dict[str, Any]:
    from rpl.batch.synth import synthesize

    start = time.perf_counter()
    manifest = synthesize(int(extra["women"]), int(extra["seed"]), data, overwrite=True)
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "rows": manifest["rows"]}


def phase_scan(data: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """A bare scan: read every value of the given columns of each file once (a hash of each
    value; a count alone would be answered from the Parquet statistics without reading data).
    `extra["columns"]`: {file name: [columns]}; absent = every column of every file."""
    import duckdb

    con = duckdb.connect()
    wanted: dict[str, list[str]] | None = extra.get("columns")
    if wanted is None:
        wanted = {
            f.name: [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM '{f}'").fetchall()]
            for f in sorted(data.glob("*.parquet"))
        }
    start = time.perf_counter()
    for name, columns in sorted(wanted.items()):
        hashes = ", ".join(f"bit_xor(hash({c}))" for c in columns)
        con.sql(f"SELECT {hashes} FROM '{data / name}'").fetchall()
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "columns": wanted}


class _TracedConnection:
    """A DuckDB connection that records which columns of which Parquet files the plans of its
    statements read (DuckDB writes each statement's profile as JSON once its result is read,
    so the profile is collected before each next statement and at the end)."""

    def __init__(self, con: Any, profile: Path) -> None:
        self._con = con
        self._profile = profile
        self.read: dict[str, set[str]] = {}
        con.execute("PRAGMA enable_profiling = 'json'")
        con.execute(f"SET profiling_output = '{profile}'")

    def execute(self, *args: Any) -> Any:
        self.collect()
        return self._con.execute(*args)

    def collect(self) -> None:
        if not self._profile.exists():
            return
        stack = [json.loads(self._profile.read_text())]
        self._profile.unlink()
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                info = node.get("extra_info")
                if isinstance(info, dict) and "Filename(s)" in info:
                    for file in str(info["Filename(s)"]).split(","):
                        columns = self.read.setdefault(Path(file.strip()).name, set())
                        for key in ("Projections", "Filters", "Dynamic Filters"):
                            value = info.get(key) or []
                            for text in [value] if isinstance(value, str) else value:
                                columns.update(_names_in(str(text)))
                stack.extend(v for v in node.values() if isinstance(v, list | dict))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def _names_in(text: str) -> set[str]:
    import re

    return set(re.findall(r"[a-z_][a-z0-9_]*", text))


def phase_columns(data: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """Run a phase's job once with its queries traced: the columns of each file it reads."""
    import tempfile

    import pyarrow.parquet as pq

    from rpl.batch import engines

    traced: list[_TracedConnection] = []
    original = engines.DuckDBEngine.__init__

    def tracing_init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.con = _TracedConnection(self.con, Path(tempfile.mkdtemp()) / "profile.json")
        traced.append(self.con)

    engines.DuckDBEngine.__init__ = tracing_init  # type: ignore[method-assign]
    PHASES[extra["phase"]](data, {})
    for connection in traced:
        connection.collect()
    schema = {f.name: set(pq.read_schema(f).names) for f in data.glob("*.parquet")}
    read: dict[str, set[str]] = {}
    for connection in traced:
        for name, columns in connection.read.items():
            if name in schema:  # the job's inputs (not the files it wrote and read back)
                read.setdefault(name, set()).update(columns & schema[name])
    return {"columns": {name: sorted(columns) for name, columns in sorted(read.items())}}


def phase_registry(data: Path, extra: dict[str, Any]) -> dict[str, Any]:
    import datetime as dt
    import shutil

    from rpl.batch.engines import DuckDBEngine
    from rpl.batch.registry import run_registry
    from rpl.core.profiles import get_profile, load_profiles

    profiles = load_profiles()
    chosen = [get_profile(p, profiles) for p in extra.get("profiles", [PROFILE])]
    out = data.parent / f"{data.name}-out"
    shutil.rmtree(out, ignore_errors=True)
    engine = DuckDBEngine()
    start, cpu = time.perf_counter(), time.process_time()
    summary = run_registry(
        engine, data, out, chosen, dt.date.fromisoformat(AS_OF), "duckdb", overwrite=True
    )
    seconds = time.perf_counter() - start
    engine.close()
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "meets": {p["id"]: p["meets"] for p in summary["profiles"]},
        "output": str(out),
    }


def phase_classify(data: Path, _: dict[str, Any]) -> dict[str, Any]:
    """The classification alone: check and type the input, classify, write one Parquet file."""
    import datetime as dt

    from rpl.batch.engines import DuckDBEngine
    from rpl.batch.registry import classify, load_input
    from rpl.core.profiles import get_profile, load_profiles

    profile = get_profile(PROFILE, load_profiles())
    engine = DuckDBEngine()
    target = data.parent / f"{data.name}-classified.parquet"
    start, cpu = time.perf_counter(), time.process_time()
    load_input(engine, data, dt.date.fromisoformat(AS_OF))
    classify(engine, profile.definition, target)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "output": str(target),
    }


def phase_floor(data: Path, _: dict[str, Any]) -> dict[str, Any]:
    """A floor under any per-woman answer written to a file, whatever its logic: one count per
    woman from the pregnancies, joined to every woman (so that women without pregnancies and
    pregnancies of unknown women both appear), one column written to Parquet. No checks, no
    judgement, no second column. If this alone costs near 3 bare scans, no classification built
    on the same steps can meet the <= 3 target."""
    import duckdb

    con = duckdb.connect()
    target = data.parent / f"{data.name}-floor.parquet"
    start, cpu = time.perf_counter(), time.process_time()
    con.execute(
        f"""COPY (SELECT COALESCE(w.woman_id, c.woman_id) AS woman_id, COALESCE(c.n, 0) AS n
        FROM '{data / "women.parquet"}' AS w FULL OUTER JOIN
        (SELECT woman_id, COUNT(*) AS n FROM '{data / "pregnancies.parquet"}' GROUP BY woman_id)
        AS c ON c.woman_id = w.woman_id) TO '{target}' (FORMAT parquet)"""
    )
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    target.unlink()
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_mb()}


# ---------------------------------------------------------------- pandas references


def _judged(data: Path) -> tuple[Any, Any, Any]:
    """Women and pregnancies read with pandas; each pregnancy judged with column operations
    (`judge_pregnancy` step by step), in each woman's order. Returns (women, pregnancies,
    definition)."""
    import numpy as np
    import pandas as pd

    from rpl.core.profiles import get_profile, load_profiles

    d = get_profile(PROFILE, load_profiles()).definition
    women = pd.read_parquet(data / "women.parquet", columns=["woman_id"])
    p = pd.read_parquet(
        data / "pregnancies.parquet",
        columns=[
            "woman_id",
            "pregnancy_number",
            "outcome",
            "gestational_age_days",
            "confirmed_by",
            "same_partner",
        ],
    )
    p = p.sort_values(["woman_id", "pregnancy_number"]).reset_index(drop=True)
    outcome = p["outcome"]
    ga = p["gestational_age_days"]
    before_limit = (ga < d.loss_upper_limit_weeks * 7).where(ga.notna(), outcome == "miscarriage")
    fetal = outcome.isin(["miscarriage", "stillbirth"])
    excluded = ["live_birth", "ongoing", "induced_abortion"]
    for code, counted in (
        ("ectopic", d.count_ectopic),
        ("molar", d.count_molar),
        ("biochemical_loss", d.count_biochemical),
        ("pul_resolved", d.count_resolved_pul),
    ):
        if not counted:
            excluded.append(code)
    verdict = pd.Series("L", index=p.index)
    verdict[outcome.isin(excluded) | (fetal & ~before_limit)] = "N"
    if d.clinical_confirmation_required:
        miscarriage = (outcome == "miscarriage") & before_limit & (verdict != "N")
        confirmed = p["confirmed_by"]
        verdict[miscarriage & (confirmed == "hcg_only")] = "N"
        verdict[miscarriage & ~confirmed.isin(["ultrasound", "histology", "hcg_only"])] = "U"
    if d.same_partner_required:
        same = p["same_partner"].astype("boolean")
        counted = verdict != "N"
        verdict[counted & (same == False).fillna(False)] = "N"  # noqa: E712
        verdict[counted & same.isna()] = "U"
    p["verdict"] = verdict
    p["breaks"] = (outcome == "live_birth") | (fetal & ~before_limit)
    first = ga < d.first_trimester_upper_weeks * 7
    p["trimester"] = np.where(
        ga.notna(),
        np.where(first, 1, 2),
        np.where(outcome.isin(["biochemical_loss", "pul_resolved"]), 1, 0),  # 0 = unknown
    )
    p["eligible"] = (p["trimester"] != 2) if d.first_trimester_only else True
    return women, p, d


def _meets(d: Any, losses: Any, first: Any, second: Any, run: Any) -> Any:
    towards = run if d.consecutive_required else (first if d.first_trimester_only else losses)
    result = towards >= d.min_losses
    if d.min_second_trimester_losses is not None:
        result = result | (second >= d.min_second_trimester_losses)
    return result


def _answer(women: Any, c: Any, d: Any) -> Any:
    """The per-woman answer from her counts (columns lc fc sc uc lp fp sp up latest_c
    longest_c longest_p), every woman included."""
    import numpy as np

    certain = _meets(d, c["lc"], c["fc"], c["sc"], c["longest_c"])
    possible = _meets(d, c["lp"], c["fp"] + c["up"], c["sp"], c["longest_p"]) | _meets(
        d, c["lp"], c["fp"], c["sp"] + c["up"], c["longest_p"]
    )
    c = c.assign(meets_definition=np.where(certain, "true", np.where(possible, "null", "false")))
    result = women.set_index("woman_id").join(
        c[["meets_definition", "lc", "latest_c", "longest_c"]]
    )
    result = result.fillna({"meets_definition": "false", "lc": 0, "latest_c": 0, "longest_c": 0})
    return result.rename(
        columns={
            "lc": "losses_counted",
            "latest_c": "consecutive_losses",
            "longest_c": "longest_consecutive_losses",
        }
    ).astype({"losses_counted": int, "consecutive_losses": int, "longest_consecutive_losses": int})


def _finish(result: Any, data: Path, name: str, start: float) -> dict[str, Any]:
    seconds = time.perf_counter() - start
    target = data.parent / f"{data.name}-{name}.parquet"
    result.reset_index().to_parquet(target)
    return {"seconds": seconds, "peak_mb": peak_mb(), "output": str(target)}


def phase_pandas(data: Path, _: dict[str, Any]) -> dict[str, Any]:
    """Straightforward pandas: column-wise judgement, then one function per woman that walks
    her pregnancies in order and counts as the definition reads (`_count`, twice: certain and
    possible)."""
    import pandas as pd

    start = time.perf_counter()
    women, p, d = _judged(data)

    def walk(rows: pd.DataFrame) -> tuple[int, ...]:
        counts = []
        for include_undecided in (False, True):
            losses = first = second = unknown = run = longest = 0
            for verdict, trimester, breaks, eligible in zip(
                rows["verdict"], rows["trimester"], rows["breaks"], rows["eligible"], strict=True
            ):
                if verdict == "L" or (include_undecided and verdict == "U"):
                    losses += 1
                    first += trimester == 1
                    second += trimester == 2
                    unknown += trimester == 0
                    if eligible:
                        run += 1
                        longest = max(longest, run)
                elif breaks:
                    run = 0
            counts.append((losses, first, second, unknown, run, longest))
        (lc, fc, sc, uc, latest_c, longest_c), (lp, fp, sp, up, _, longest_p) = counts
        return lc, fc, sc, uc, lp, fp, sp, up, latest_c, longest_c, longest_p

    per_woman = p.groupby("woman_id")[["verdict", "trimester", "breaks", "eligible"]].apply(walk)
    columns = ["lc", "fc", "sc", "uc", "lp", "fp", "sp", "up", "latest_c", "longest_c", "longest_p"]
    c = pd.DataFrame(per_woman.tolist(), index=per_woman.index, columns=columns)
    return _finish(_answer(women, c, d), data, "pandas", start)


def phase_pandas_vectorised(data: Path, _: dict[str, Any]) -> dict[str, Any]:
    """Vectorised pandas: the per-woman walk replaced by sums over segments (a segment = the
    pregnancies between two that break a run, numbered by a cumulative sum per woman)."""
    import pandas as pd

    start = time.perf_counter()
    women, p, d = _judged(data)
    certain = p["verdict"] == "L"
    possible = p["verdict"] != "N"
    frame = pd.DataFrame(
        {
            "woman_id": p["woman_id"],
            "seg": p["breaks"].astype("int32").groupby(p["woman_id"]).cumsum(),
            "lc": certain,
            "fc": certain & (p["trimester"] == 1),
            "sc": certain & (p["trimester"] == 2),
            "uc": certain & (p["trimester"] == 0),
            "lp": possible,
            "fp": possible & (p["trimester"] == 1),
            "sp": possible & (p["trimester"] == 2),
            "up": possible & (p["trimester"] == 0),
            "rc": certain & p["eligible"],
            "rp": possible & p["eligible"],
        }
    )
    by_segment = frame.groupby(["woman_id", "seg"], sort=True).sum()
    c = by_segment.groupby(level="woman_id").sum()
    runs = by_segment.groupby(level="woman_id").agg(
        longest_c=("rc", "max"), latest_c=("rc", "last"), longest_p=("rp", "max")
    )
    c = c.join(runs)
    return _finish(_answer(women, c, d), data, "pandas-vectorised", start)


PHASES = {
    "synth": phase_synth,
    "scan": phase_scan,
    "columns": phase_columns,
    "registry": phase_registry,
    "classify": phase_classify,
    "floor": phase_floor,
    "pandas": phase_pandas,
    "pandas-vectorised": phase_pandas_vectorised,
}

# ---------------------------------------------------------------- orchestration


def best(phase: str, data: Path, repeat: int, extra: dict[str, Any] | None = None) -> Any:
    return min((child(phase, data, extra) for _ in range(repeat)), key=lambda r: r["seconds"])


COMPARED = (
    "meets_definition",
    "losses_counted",
    "consecutive_losses",
    "longest_consecutive_losses",
)


def disagreements(registry_output: str, pandas_output: str) -> int:
    """Women whose answer differs between the registry and a pandas reference (or who are in
    one and not the other)."""
    import duckdb

    as_text = "CASE WHEN r.meets_definition IS NULL THEN 'null' ELSE lower(CAST(r.meets_definition AS VARCHAR)) END"
    differs = " OR ".join(
        f"r.{c} IS DISTINCT FROM p.{c}" for c in COMPARED if c != "meets_definition"
    )
    query = f"""SELECT COUNT(*) FROM read_parquet('{registry_output}') AS r
        FULL OUTER JOIN read_parquet('{pandas_output}') AS p ON p.woman_id = r.woman_id
        WHERE r.woman_id IS NULL OR p.woman_id IS NULL
           OR {as_text} <> p.meets_definition OR {differs}"""
    return int(duckdb.sql(query).fetchall()[0][0])


def measure(pregnancies: int, args: argparse.Namespace) -> dict[str, Any]:
    data = Path(args.data) / f"{pregnancies // 1_000_000 or 1}M-seed{args.seed}"
    manifest = data / "manifest.json"
    if not manifest.exists():
        women = int(pregnancies / PREGNANCIES_PER_WOMAN)
        made = child("synth", data, {"women": women, "seed": args.seed})
        print(
            f"  synth: {made['rows']['pregnancies']:,} pregnancies of {women:,} women "
            f"in {made['seconds']:.1f} s, peak {made['peak_mb']:.0f} MB"
        )
    rows = json.loads(manifest.read_text())["rows"]
    figures: dict[str, Any] = {"rows": rows, "load_before": os.getloadavg()}
    for job in ("classify", "registry"):
        columns = child("columns", data, {"phase": job})["columns"]
        figures[f"scan_{job}"] = best("scan", data, args.repeat, {"columns": columns})
    figures["scan_all"] = best("scan", data, args.repeat)
    figures["classify"] = best("classify", data, args.repeat)
    figures["floor"] = best("floor", data, args.repeat)
    figures["registry"] = best("registry", data, args.repeat)
    if rows["pregnancies"] <= args.skip_pandas_above:
        for name in ("pandas", "pandas-vectorised"):
            figures[name] = child(name, data)
            figures[name]["disagree"] = disagreements(
                figures["classify"]["output"], figures[name]["output"]
            )
    figures["load_after"] = os.getloadavg()
    return figures


def report(f: dict[str, Any]) -> None:
    rows = f["rows"]
    classify, registry = f["classify"], f["registry"]
    print(
        f"{rows['pregnancies']:,} pregnancies, {rows['women']:,} women, {rows['results']:,} results"
        f"  (load average {f['load_before'][0]:.1f} before, {f['load_after'][0]:.1f} after)"
    )

    def line(label: str, figure: dict[str, Any], tail: str = "") -> None:
        print(f"  {label:<46} {figure['seconds']:7.2f} s   peak {figure['peak_mb']:6.0f} MB{tail}")

    for job in ("classify", "registry"):
        read = "; ".join(f"{n}: {', '.join(c)}" for n, c in f[f"scan_{job}"]["columns"].items())
        print(f"  columns the {job} job reads -> {read}")
    line("bare DuckDB scan, columns classification reads", f["scan_classify"])
    line("bare DuckDB scan, columns whole job reads", f["scan_registry"])
    line("(for reference: scan of every column of every file)", f["scan_all"])
    floor = f["floor"]

    def to_floor(figure: dict[str, Any], target: str) -> str:
        # CPU time too: on a shared machine wall time measures the queue as much as the job.
        return (
            f"   ratio to the floor {figure['seconds'] / floor['seconds']:.1f} (target {target}); "
            f"CPU time {figure['cpu_seconds']:.2f} s, "
            f"ratio {figure['cpu_seconds'] / floor['cpu_seconds']:.1f}"
        )

    line(
        "floor: count per woman, join every woman, write",
        floor,
        f"   ratio to the classification's scan {floor['seconds'] / f['scan_classify']['seconds']:.1f}; "
        f"CPU time {floor['cpu_seconds']:.2f} s",
    )
    line(f"classification ({PROFILE}, checked, written)", classify, to_floor(classify, "<= 3"))
    line(f"rpl registry, whole job ({PROFILE})", registry, to_floor(registry, "<= 5"))
    for name, label, target in (
        ("pandas", "pandas, straightforward (per-woman walk)", " (target >= 10)"),
        ("pandas-vectorised", "pandas, vectorised (stricter reference)", ""),
    ):
        if name in f:
            figure = f[name]
            line(
                label,
                figure,
                f"   registry classification {figure['seconds'] / classify['seconds']:.1f}x faster"
                f"{target}; women answered differently: {figure['disagree']:,}",
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pregnancies", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", default=str(ROOT / "var" / "benchmarks" / "registry"))
    parser.add_argument("--repeat", type=int, default=1, help="Best of N runs per measurement.")
    parser.add_argument("--skip-pandas-above", type=int, default=20_000_000)
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--extra", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](Path(args.data), json.loads(args.extra))))
        return
    print(f"registry benchmark: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    results = {}
    for size in args.pregnancies:
        print(f"measuring {size:,} pregnancies ...", flush=True)
        results[size] = measure(size, args)
        report(results[size])
    if len(results) == 2:
        (_, a), (_, b) = sorted(results.items())
        rows = b["rows"]["pregnancies"] / a["rows"]["pregnancies"]
        for name in ("classify", "registry"):
            growth = b[name]["seconds"] / a[name]["seconds"]
            print(
                f"growth {name}: {growth:.1f}x time for {rows:.1f}x pregnancies "
                f"(linear = {rows:.1f}; per pregnancy {growth / rows:.2f})"
            )


if __name__ == "__main__":
    main()
