"""`rpl synth`: a synthetic registry population in the registry's tabular schema (Parquet).

Each woman's history is simulated pregnancy by pregnancy: the chance that a pregnancy ends
in miscarriage is the published risk for her age band, raised by the published odds ratio
for her run of previous consecutive miscarriages (Magnus 2019, read from the calculator's
data file, the knowledge base's one copy of those numbers). Everything else (other outcomes,
timing, missing data, partners, results) follows `knowledge/registry/synthetic-population.yaml`,
where every value says whether it is published or an assumption.

Women are generated in fixed-size chunks, each from its own random stream derived from the
seed and the chunk number, and written as one Parquet row group per chunk: memory stays
bounded whatever the size, and the same seed and size always give the same rows. A large
population can be written in parts (a folder of Parquet files per table, which the registry
reads as one table).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from rpl import __version__
from rpl.batch.files import check_out, make_work_dir, move_into_place
from rpl.batch.schema import InputError
from rpl.core.calculators.base import load_data
from rpl.core.calculators.miscarriage_risk_magnus_2019 import MAX_TABULATED_RUN
from rpl.core.knowledge import knowledge_path

CHUNK_WOMEN = 50_000  # fixed: part of what makes a seed reproducible
REFERENCE_DATE = dt.date(2025, 12, 31)
EPOCH = dt.date(1970, 1, 1)
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = 30.4375
MANIFEST_FORMAT = "rpl-synth/1"

SCHEMAS = {
    "women": pa.schema(
        [("woman_id", pa.int64()), ("birth_date", pa.date32()), ("partner_id", pa.int64())]
    ),
    "partners": pa.schema([("partner_id", pa.int64()), ("birth_date", pa.date32())]),
    "pregnancies": pa.schema(
        [
            ("woman_id", pa.int64()),
            ("pregnancy_number", pa.int32()),
            ("outcome", pa.string()),
            ("end_date", pa.date32()),
            ("gestational_age_days", pa.int32()),
            ("confirmed_by", pa.string()),
            ("same_partner", pa.bool_()),
            ("partner_id", pa.int64()),
            ("tissue_genetics", pa.string()),
        ]
    ),
    "results": pa.schema(
        [
            ("woman_id", pa.int64()),
            ("test", pa.string()),
            ("date", pa.date32()),
            ("value", pa.string()),
            ("unit", pa.string()),
            ("subject", pa.string()),
        ]
    ),
}


@cache
def settings() -> dict[str, Any]:
    path = knowledge_path("registry", "synthetic-population.yaml")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def figure(key: str) -> Any:
    return settings()["figures"][key]["value"]


@dataclass(frozen=True)
class RiskModel:
    """Band edges (lowest age of each band), risk per band (fraction), OR by previous run."""

    band_starts: np.ndarray
    band_risk: np.ndarray
    odds_ratio: np.ndarray  # index = previous consecutive miscarriages, capped

    def risk(self, age_years: np.ndarray, previous_run: np.ndarray) -> np.ndarray:
        band = np.searchsorted(self.band_starts, np.floor(age_years), side="right") - 1
        base = self.band_risk[np.clip(band, 0, len(self.band_risk) - 1)]
        ratio = self.odds_ratio[np.minimum(previous_run, len(self.odds_ratio) - 1)]
        odds = base / (1 - base) * ratio
        # Same arithmetic as the calculator's `odds_to_risk` (our modelling step, labelled there).
        result: np.ndarray = odds / (1 + odds)
        return result


@cache
def risk_model() -> RiskModel:
    data = load_data(settings()["risk_table"])
    borrowed = {"risk_age_20_24": str(figure("risk_age_20_24_borrowed_from"))}
    starts, risks = [], []
    for row in data.tables["age_bands"]:
        key = str(row["number"])
        value = data.number(key).value
        if value is None:
            value = data.number(borrowed[key]).value
        if not isinstance(value, int | float):
            raise ValueError(f"{settings()['risk_table']}: {key} has no usable value")
        starts.append(int(row["from_years"]))
        risks.append(float(value) / 100)
    ratios = [1.0] + [
        float(data.number(f"odds_ratio_after_{n}").value or 1.0)
        for n in range(1, MAX_TABULATED_RUN + 1)
    ]
    return RiskModel(np.array(starts), np.array(risks), np.array(ratios))


def _day(date: dt.date) -> int:
    return (date - EPOCH).days


def _choice(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    names = list(shares)
    probabilities = np.array([shares[n] for n in names], dtype=float)
    return np.array(names, dtype=object)[
        rng.choice(len(names), size=size, p=probabilities / probabilities.sum())
    ]


def _uniform_days(
    rng: np.random.Generator, low_weeks: float, high_weeks: float, size: int
) -> np.ndarray:
    """Gestational ages in days, uniform from low+0 to high+6."""
    return rng.integers(int(low_weeks * 7), int(high_weeks * 7) + 7, size=size)


def _gestation(rng: np.random.Generator, outcome: np.ndarray) -> np.ndarray:
    """True gestational age in days for each outcome (recorded or not)."""
    ga = np.zeros(len(outcome), dtype=np.int64)
    first_share = float(figure("miscarriage_first_trimester_share"))
    preterm_share = float(figure("preterm_live_birth_share"))
    for code, (low, high) in {
        "ectopic": (5, 10),
        "molar": (7, 14),
        "induced_abortion": (5, 13),
        "biochemical_loss": (4, 5),
        "pul_resolved": (4, 7),
    }.items():
        mask = outcome == code
        ga[mask] = _uniform_days(rng, low, high, int(mask.sum()))
    miscarriage = outcome == "miscarriage"
    early = rng.random(len(outcome)) < first_share
    ga[miscarriage & early] = _uniform_days(rng, 5, 13, int((miscarriage & early).sum()))
    late = miscarriage & ~early
    ga[late] = _uniform_days(rng, 14, 23, int(late.sum()))
    stillbirth = outcome == "stillbirth"
    ga[stillbirth] = _uniform_days(rng, 20, 41, int(stillbirth.sum()))
    live = outcome == "live_birth"
    preterm = live & (rng.random(len(outcome)) < preterm_share)
    ga[preterm] = _uniform_days(rng, 24, 36, int(preterm.sum()))
    ga[live & ~preterm] = _uniform_days(rng, 37, 41, int((live & ~preterm).sum()))
    return ga


def generate_chunk(
    seed: int, chunk: int, first_id: int, women: int, reference_day: int
) -> dict[str, pa.Table]:
    """One chunk of women and everything that belongs to them."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, chunk]))
    model = risk_model()
    ids = np.arange(first_id, first_id + women, dtype=np.int64)

    low, high = figure("women_age_range_years")
    age = rng.uniform(low, high + 1, size=women)
    birth = reference_day - np.round(age * DAYS_PER_YEAR).astype(np.int64)
    has_partner = rng.random(women) < float(figure("partner_recorded_share"))
    partner = np.where(has_partner, ids * 2, -1)
    earlier = has_partner & (rng.random(women) < float(figure("earlier_partner_share")))
    switch_at = rng.integers(1, 4, size=women)  # pregnancies before this number: earlier partner

    first = figure("first_conception_age_years")
    start_age = np.clip(rng.normal(first["mean"], first["sd"], women), first["min"], first["max"])
    conception = birth + np.round(start_age * DAYS_PER_YEAR).astype(np.int64)
    active = (rng.random(women) >= float(figure("never_pregnant_share"))) & (
        conception < reference_day
    )
    run = np.zeros(women, dtype=np.int64)
    miscarriages = np.zeros(women, dtype=np.int64)
    last_loss_day = np.full(women, -1, dtype=np.int64)

    shares = {k: float(v) for k, v in figure("other_outcome_shares").items()}
    shares["live_birth"] = 1.0 - sum(shares.values())
    confirmation = {k: float(v) for k, v in figure("miscarriage_confirmation").items()}
    tissue_share = float(figure("tissue_genetics_share"))
    tissue_results = {k: float(v) for k, v in figure("tissue_genetics_results").items()}
    gap = figure("months_between_pregnancies")
    stop_share = float(figure("stop_after_live_birth_share"))
    last_age = float(figure("last_conception_age_years"))
    ga_missing = float(figure("gestational_age_missing_share"))
    partner_unknown = float(figure("same_partner_unknown_share"))

    rows: dict[str, list[np.ndarray]] = {name: [] for name in SCHEMAS["pregnancies"].names}
    for number in range(1, int(figure("max_pregnancies")) + 1):
        who = np.flatnonzero(active)
        if who.size == 0:
            break
        n = who.size
        age_at = (conception[who] - birth[who]) / DAYS_PER_YEAR
        lost = rng.random(n) < model.risk(age_at, run[who])
        outcome = np.where(lost, "miscarriage", _choice(rng, shares, n)).astype(object)
        true_ga = _gestation(rng, outcome)
        end = (
            conception[who] + true_ga - 14
        )  # gestational age counts from 2 weeks before conception
        ongoing = end > reference_day
        outcome[ongoing] = "ongoing"
        recorded_ga = np.where(ongoing | (rng.random(n) < ga_missing), -1, true_ga)

        confirmed = np.full(n, None, dtype=object)
        confirmed[outcome == "miscarriage"] = _choice(
            rng, confirmation, int((outcome == "miscarriage").sum())
        )
        confirmed[confirmed == "missing"] = None
        confirmed[np.isin(outcome, ["biochemical_loss", "pul_resolved"])] = "hcg_only"
        confirmed[np.isin(outcome, ["ectopic", "live_birth", "stillbirth"])] = "ultrasound"
        confirmed[outcome == "molar"] = "histology"

        with_earlier = earlier[who] & (number < switch_at[who])
        this_partner = np.where(with_earlier, ids[who] * 2 + 1, partner[who])
        same = (~with_earlier).astype(object)
        same[this_partner < 0] = None
        unknown = rng.random(n) < partner_unknown
        same[unknown] = None
        this_partner = np.where(unknown, -1, this_partner)

        tissue = np.full(n, None, dtype=object)
        tested = (outcome == "miscarriage") & (rng.random(n) < tissue_share)
        tissue[tested] = _choice(rng, tissue_results, int(tested.sum()))

        rows["woman_id"].append(ids[who])
        rows["pregnancy_number"].append(np.full(n, number, dtype=np.int32))
        rows["outcome"].append(outcome)
        rows["end_date"].append(np.where(ongoing, -1, end))
        rows["gestational_age_days"].append(recorded_ga)
        rows["confirmed_by"].append(confirmed)
        rows["same_partner"].append(same)
        rows["partner_id"].append(this_partner)
        rows["tissue_genetics"].append(tissue)

        is_loss = outcome == "miscarriage"
        run[who] = np.where(is_loss, run[who] + 1, 0)
        miscarriages[who] += is_loss
        last_loss_day[who] = np.where(is_loss, end, last_loss_day[who])
        wait = (gap["minimum"] + rng.exponential(gap["mean_extra"], n)) * DAYS_PER_MONTH
        conception[who] = end + np.round(wait).astype(np.int64)
        stop = ongoing | ((outcome == "live_birth") & (rng.random(n) < stop_share))
        stop |= (conception[who] - birth[who]) / DAYS_PER_YEAR > last_age
        stop |= conception[who] > reference_day
        active[who[stop]] = False

    pregnancies = _pregnancy_table(rows)
    results = _results(rng, ids, miscarriages, last_loss_day, reference_day, pregnancies)
    women_table = pa.table(
        {
            "woman_id": ids,
            "birth_date": _dates(birth),
            "partner_id": pa.array(np.where(partner < 0, 0, partner), mask=partner < 0),
        },
        schema=SCHEMAS["women"],
    )
    partner_ids = np.concatenate([ids[has_partner] * 2, ids[earlier] * 2 + 1])
    owner_birth = np.concatenate([birth[has_partner], birth[earlier]])
    partner_birth = owner_birth - np.round(
        rng.normal(2, 4, partner_ids.size) * DAYS_PER_YEAR
    ).astype(np.int64)
    order = np.argsort(partner_ids, kind="stable")
    partners = pa.table(
        {"partner_id": partner_ids[order], "birth_date": _dates(partner_birth[order])},
        schema=SCHEMAS["partners"],
    )
    return {
        "women": women_table,
        "partners": partners,
        "pregnancies": pregnancies,
        "results": results,
    }


def _dates(days: np.ndarray) -> pa.Array:
    missing = days < 0
    return pa.array(np.where(missing, 0, days).astype(np.int32), type=pa.date32(), mask=missing)


def _pregnancy_table(rows: dict[str, list[np.ndarray]]) -> pa.Table:
    schema = SCHEMAS["pregnancies"]
    if not rows["woman_id"]:
        return schema.empty_table()
    data = {name: np.concatenate(parts) for name, parts in rows.items()}
    order = np.lexsort((data["pregnancy_number"], data["woman_id"]))
    data = {name: values[order] for name, values in data.items()}
    ga = data["gestational_age_days"]
    partner = data["partner_id"]
    return pa.table(
        {
            "woman_id": data["woman_id"],
            "pregnancy_number": data["pregnancy_number"],
            "outcome": pa.array(data["outcome"], type=pa.string()),
            "end_date": _dates(data["end_date"]),
            "gestational_age_days": pa.array(np.where(ga < 0, 0, ga).astype(np.int32), mask=ga < 0),
            "confirmed_by": pa.array(data["confirmed_by"], type=pa.string()),
            "same_partner": pa.array(data["same_partner"], type=pa.bool_()),
            "partner_id": pa.array(np.where(partner < 0, 0, partner), mask=partner < 0),
            "tissue_genetics": pa.array(data["tissue_genetics"], type=pa.string()),
        },
        schema=schema,
    )


def _results(
    rng: np.random.Generator,
    ids: np.ndarray,
    miscarriages: np.ndarray,
    last_loss_day: np.ndarray,
    reference_day: int,
    pregnancies: pa.Table,
) -> pa.Table:
    ever_pregnant = np.isin(ids, pregnancies.column("woman_id").to_numpy())
    after_two = miscarriages >= 2
    share = np.where(after_two, float(figure("tested_after_two_losses_share")), 0.0)
    share = np.where(~after_two & ever_pregnant, float(figure("tested_otherwise_share")), share)
    abnormal_share = float(figure("abnormal_result_share"))
    columns: dict[str, list[Any]] = {name: [] for name in SCHEMAS["results"].names}
    for test in figure("tests"):
        chosen = np.flatnonzero(rng.random(ids.size) < share)
        n = chosen.size
        after = np.where(last_loss_day[chosen] >= 0, last_loss_day[chosen], reference_day - 720)
        date = np.minimum(after + rng.integers(14, 365, n), reference_day)
        abnormal = rng.random(n) < abnormal_share
        unit = None
        if test == "tsh":
            value = (
                np.where(abnormal, rng.uniform(4.6, 9.0, n), rng.uniform(0.5, 4.0, n))
                .round(2)
                .astype(str)
            )
            unit = "mIU/L"
        elif test == "prolactin":
            value = (
                np.where(abnormal, rng.uniform(30, 80, n), rng.uniform(5, 24, n))
                .round(1)
                .astype(str)
            )
            unit = "ng/mL"
        elif test in ("karyotype", "uterine_imaging"):
            value = np.where(abnormal, "abnormal", "normal")
        else:
            value = np.where(abnormal, "positive", "negative")
        columns["woman_id"].append(ids[chosen])
        columns["test"].append(np.full(n, test, dtype=object))
        columns["date"].append(date)
        columns["value"].append(value.astype(object))
        columns["unit"].append(np.full(n, unit, dtype=object))
        columns["subject"].append(np.full(n, "woman", dtype=object))
    if not columns["woman_id"]:
        return SCHEMAS["results"].empty_table()
    data = {k: np.concatenate(v) for k, v in columns.items()}
    order = np.argsort(data["woman_id"], kind="stable")
    return pa.table(
        {
            "woman_id": data["woman_id"][order],
            "test": pa.array(data["test"][order], type=pa.string()),
            "date": _dates(data["date"][order]),
            "value": pa.array(data["value"][order], type=pa.string()),
            "unit": pa.array(data["unit"][order], type=pa.string()),
            "subject": pa.array(data["subject"][order], type=pa.string()),
        },
        schema=SCHEMAS["results"],
    )


def synthesize(
    women: int,
    seed: int,
    out: Path,
    reference_date: dt.date = REFERENCE_DATE,
    overwrite: bool = False,
    progress: Callable[[int], None] | None = None,
    parts: int = 1,
) -> dict[str, Any]:
    """Write women/partners/pregnancies/results and manifest.json into OUT: one Parquet file
    per table, or with `parts` > 1 a folder per table of that many Parquet files (consecutive
    chunks in each, so ids grow from one part to the next; at most one part per chunk). The
    rows are the same whatever the number of parts."""
    if women < 1:
        raise InputError(["--women: must be at least 1"])
    if parts < 1:
        raise InputError(["--parts: must be at least 1"])
    check_out(out, overwrite)
    chunks = -(-women // CHUNK_WOMEN)
    parts = min(parts, chunks)
    work = make_work_dir(out)
    counts = dict.fromkeys(SCHEMAS, 0)
    outcomes: dict[str, int] = {}
    writers: dict[str, pq.ParquetWriter] = {}

    def close_writers() -> None:
        for writer in writers.values():
            writer.close()
        writers.clear()

    def open_writers(part: int) -> None:
        for name, schema in SCHEMAS.items():
            if parts == 1:
                path = work / f"{name}.parquet"
            else:
                (work / name).mkdir(exist_ok=True)
                path = work / name / f"part-{part:05d}.parquet"
            writers[name] = pq.ParquetWriter(path, schema, compression="zstd")

    try:
        try:
            reference_day = _day(reference_date)
            current = -1
            for chunk, start in enumerate(range(0, women, CHUNK_WOMEN)):
                part = chunk * parts // chunks
                if part != current:
                    close_writers()
                    open_writers(part)
                    current = part
                size = min(CHUNK_WOMEN, women - start)
                tables = generate_chunk(seed, chunk, start + 1, size, reference_day)
                for name, table in tables.items():
                    writers[name].write_table(table)
                    counts[name] += table.num_rows
                for code, n in zip(
                    *np.unique(
                        tables["pregnancies"].column("outcome").to_numpy(zero_copy_only=False),
                        return_counts=True,
                    ),
                    strict=True,
                ):
                    outcomes[str(code)] = outcomes.get(str(code), 0) + int(n)
                if progress is not None:
                    progress(size)
        finally:
            close_writers()
        manifest = {
            "format": MANIFEST_FORMAT,
            "generator": f"rpl {__version__}",
            "seed": seed,
            "women": women,
            "reference_date": reference_date.isoformat(),
            "parts": parts,
            "rows": counts,
            "outcomes": dict(sorted(outcomes.items())),
            "figures": "rpl/knowledge/registry/synthetic-population.yaml",
            "note": "Synthetic data: no real person. Not for clinical use.",
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        move_into_place(work, out)
        return manifest
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
