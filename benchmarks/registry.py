"""Registry benchmark: the DuckDB registry on synthetic populations of 1 M and 10 M pregnancies.

    .venv/bin/python benchmarks/registry.py [--pregnancies 1000000 10000000] [--seed 1]
                                            [--data var/benchmarks/registry] [--skip-pandas-above N]

For each size it prints: the wall time of `rpl registry` for one profile (the whole job: input
checks, classification, care gaps, outcomes, summary and report) and of the classification
alone; their ratio to a bare DuckDB scan of the same Parquet files (target <= 3); the ratio of a
straightforward pandas implementation of the same classification to the registry's
classification (target >= 10); peak memory of each (target <= 4 GB); and, with two sizes, the
growth from the smaller to the larger (target: linear, i.e. about the ratio of the sizes).

Each measurement runs in a fresh Python process so that its peak memory is its own. The pandas
result is checked against the registry's before its time is reported. Prints figures, never
asserts: speed lives here, not in timed tests. Populations are generated once (`rpl synth`) and
kept under --data.
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


def phase_scan(data: Path, _: dict[str, Any]) -> dict[str, Any]:
    """A bare scan: read every value of every column of every table once (hash of each value;
    a count alone would be answered from the Parquet statistics without reading the data)."""
    import duckdb

    con = duckdb.connect()
    start = time.perf_counter()
    for table in ("women", "pregnancies", "results"):
        path = data / f"{table}.parquet"
        columns = [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()]
        counts = ", ".join(f"bit_xor(hash({c}))" for c in columns)
        con.sql(f"SELECT {counts} FROM '{path}'").fetchall()
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


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
    start = time.perf_counter()
    summary = run_registry(
        engine, data, out, chosen, dt.date.fromisoformat(AS_OF), "duckdb", overwrite=True
    )
    seconds = time.perf_counter() - start
    engine.close()
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "meets": {p["id"]: p["meets"] for p in summary["profiles"]},
        "output": str(out),
    }


def phase_classify(data: Path, _: dict[str, Any]) -> dict[str, Any]:
    """The classification alone: check and type the input, classify, write one Parquet file."""
    import datetime as dt

    from rpl.batch.engines import DuckDBEngine
    from rpl.batch.registry import classify, load_input
    from rpl.batch.sql import CLASSIFICATION_COLUMNS
    from rpl.core.profiles import get_profile, load_profiles

    profile = get_profile(PROFILE, load_profiles())
    engine = DuckDBEngine()
    target = data.parent / f"{data.name}-classified.parquet"
    start = time.perf_counter()
    load_input(engine, data, dt.date.fromisoformat(AS_OF))
    columns = ", ".join(CLASSIFICATION_COLUMNS)
    engine.write(
        f"SELECT {columns} FROM ({classify(engine, profile.definition)}) AS c",
        target,
        "parquet",
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": peak_mb(), "output": str(target)}


def phase_pandas(data: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """A straightforward pandas implementation of the same classification (one profile)."""
    import numpy as np
    import pandas as pd

    from rpl.core.profiles import get_profile, load_profiles

    d = get_profile(PROFILE, load_profiles()).definition
    start = time.perf_counter()
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
    p = p.sort_values(["woman_id", "pregnancy_number"], kind="stable").reset_index(drop=True)
    outcome = p["outcome"].to_numpy()
    ga = p["gestational_age_days"].to_numpy(dtype="float64", na_value=np.nan)
    has_ga = ~np.isnan(ga)
    before_limit = np.where(has_ga, ga < d.loss_upper_limit_weeks * 7, outcome == "miscarriage")
    fetal = np.isin(outcome, ["miscarriage", "stillbirth"])
    excluded = ["live_birth", "ongoing", "induced_abortion"]
    for code, counted in (
        ("ectopic", d.count_ectopic),
        ("molar", d.count_molar),
        ("biochemical_loss", d.count_biochemical),
        ("pul_resolved", d.count_resolved_pul),
    ):
        if not counted:
            excluded.append(code)
    verdict = np.full(len(p), "L", dtype=object)
    verdict[np.isin(outcome, excluded)] = "N"
    verdict[fetal & ~before_limit] = "N"
    if d.clinical_confirmation_required:
        confirmed = p["confirmed_by"].to_numpy(dtype=object)
        misc = (outcome == "miscarriage") & before_limit
        verdict[misc & (confirmed == "hcg_only")] = "N"
        unclear = misc & ~np.isin(confirmed, ["ultrasound", "histology", "hcg_only"])
        verdict[unclear] = "U"
    if d.same_partner_required:
        same = p["same_partner"].astype("boolean")
        counted = verdict != "N"
        verdict[counted & (same == False).fillna(False).to_numpy()] = "N"  # noqa: E712
        verdict[counted & same.isna().to_numpy()] = "U"
    breaks = (outcome == "live_birth") | (fetal & ~before_limit)
    beyond = breaks & (~has_ga | (ga >= d.secondary_after_weeks * 7))
    trimester = np.where(
        has_ga,
        np.where(ga < d.first_trimester_upper_weeks * 7, 1, 2),
        np.where(np.isin(outcome, ["biochemical_loss", "pul_resolved"]), 1, 0),
    )
    eligible = (trimester != 2) if d.first_trimester_only else np.ones(len(p), dtype=bool)
    frame = pd.DataFrame(
        {
            "woman_id": p["woman_id"].to_numpy(),
            "seg": pd.Series(breaks.astype(np.int32)).groupby(p["woman_id"]).cumsum().to_numpy(),
            "lc": verdict == "L",
            "lp": verdict != "N",
            "fc": (verdict == "L") & (trimester == 1),
            "sc": (verdict == "L") & (trimester == 2),
            "uc": (verdict == "L") & (trimester == 0),
            "fp": (verdict != "N") & (trimester == 1),
            "sp": (verdict != "N") & (trimester == 2),
            "up": (verdict != "N") & (trimester == 0),
            "rc": (verdict == "L") & eligible,
            "rp": (verdict != "N") & eligible,
            "beyond": beyond,
        }
    )
    by_segment = frame.groupby(["woman_id", "seg"], sort=True).sum()
    counts = by_segment.groupby(level="woman_id").sum()
    runs = by_segment.groupby(level="woman_id").agg(
        longest_c=("rc", "max"), latest_c=("rc", "last"), longest_p=("rp", "max")
    )
    c = counts.join(runs)

    def meets(losses, first, second, run):
        towards = run if d.consecutive_required else (first if d.first_trimester_only else losses)
        result = towards >= d.min_losses
        if d.min_second_trimester_losses is not None:
            result = result | (second >= d.min_second_trimester_losses)
        return result

    certain = meets(c["lc"], c["fc"], c["sc"], c["longest_c"])
    possible = meets(c["lp"], c["fp"] + c["up"], c["sp"], c["longest_p"]) | meets(
        c["lp"], c["fp"], c["sp"] + c["up"], c["longest_p"]
    )
    c["meets_definition"] = np.where(certain, "true", np.where(possible, "null", "false"))
    result = women.set_index("woman_id").join(c[["meets_definition", "lc", "beyond"]])
    result["meets_definition"] = result["meets_definition"].fillna("false")
    seconds = time.perf_counter() - start
    tally = result["meets_definition"].value_counts().to_dict()
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "meets": int(tally.get("true", 0)),
        "undecided": int(tally.get("null", 0)),
    }


PHASES = {
    "synth": phase_synth,
    "scan": phase_scan,
    "registry": phase_registry,
    "classify": phase_classify,
    "pandas": phase_pandas,
}

# ---------------------------------------------------------------- orchestration


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
    figures: dict[str, Any] = {"rows": rows}
    figures["scan"] = min(
        (child("scan", data) for _ in range(args.repeat)), key=lambda r: r["seconds"]
    )
    figures["classify"] = min(
        (child("classify", data) for _ in range(args.repeat)), key=lambda r: r["seconds"]
    )
    figures["registry"] = min(
        (child("registry", data) for _ in range(args.repeat)), key=lambda r: r["seconds"]
    )
    if rows["pregnancies"] <= args.skip_pandas_above:
        figures["pandas"] = child("pandas", data)
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        classified = pq.read_table(figures["classify"]["output"], columns=["meets_definition"])
        column = classified.column("meets_definition")
        ours = (pc.sum(pc.equal(column, True)).as_py() or 0, column.null_count)
        theirs = (figures["pandas"]["meets"], figures["pandas"]["undecided"])
        figures["pandas_agrees"] = ours == theirs
    return figures


def report(f: dict[str, Any]) -> None:
    rows = f["rows"]
    scan, classify, registry = f["scan"], f["classify"], f["registry"]
    print(
        f"{rows['pregnancies']:,} pregnancies, {rows['women']:,} women, {rows['results']:,} results"
    )
    print(
        f"  bare DuckDB scan of the Parquet files   {scan['seconds']:7.2f} s   peak {scan['peak_mb']:6.0f} MB"
    )
    print(
        f"  classification ({PROFILE}, written)  {classify['seconds']:7.2f} s   peak {classify['peak_mb']:6.0f} MB"
        f"   ratio to scan {classify['seconds'] / scan['seconds']:.2f} (target <= 3)"
    )
    print(
        f"  rpl registry, whole job ({PROFILE})  {registry['seconds']:7.2f} s   peak {registry['peak_mb']:6.0f} MB"
        f"   ratio to scan {registry['seconds'] / scan['seconds']:.2f}"
    )
    if "pandas" in f:
        pandas = f["pandas"]
        print(
            f"  pandas, same classification          {pandas['seconds']:7.2f} s   peak {pandas['peak_mb']:6.0f} MB"
            f"   registry classification is {pandas['seconds'] / classify['seconds']:.1f}x faster (target >= 10)"
            f"   [same answers: {'yes' if f['pandas_agrees'] else 'NO'}]"
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
