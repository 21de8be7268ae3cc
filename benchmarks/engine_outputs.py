"""Dump or compare every engine and APS calculator output, to check a speed-up changes nothing.

    .venv/bin/python benchmarks/engine_outputs.py --write /tmp/before.jsonl.gz
    (change the engine)
    .venv/bin/python benchmarks/engine_outputs.py --check /tmp/before.jsonl.gz

Writes one line per output: the benchmark's records (`benchmarks/engine.py`, same seed) and
richer synthetic records (every test, karyotypes, imaging with measurements, partners,
current pregnancies, conditions, missing values), plus every vignette and rule case, each
assessed under every shipped profile, as the assessment's JSON; then the two APS calculators
(and every calculator's example) on random inputs, as the result's JSON, the way the API and
CLI print it, each APS input also as the brief run (`explain=False`) the engine asks for.
`--check` reports each line that differs (first few in full) and exits 1 if any does. A tool
for engine work, not a test: it takes about a minute per 10 000 records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import yaml

from rpl.core import vocabulary
from rpl.core.assessment import assess
from rpl.core.calculators import CALCULATORS, CalculatorInputError, run
from rpl.core.parsing import RecordError, parse_record
from rpl.core.profiles import load_profiles

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 21)


def _benchmark_module() -> Any:
    spec = importlib.util.spec_from_file_location("engine_benchmark", ROOT / "benchmarks/engine.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OUTCOMES = [
    "miscarriage",
    "miscarriage",
    "miscarriage",
    "live_birth",
    "live_birth",
    "stillbirth",
    "biochemical_loss",
    "pul_resolved",
    "ectopic",
    "molar",
    "induced_abortion",
]
FEATURES = list(get_args(vocabulary.PregnancyFeature))
CONDITIONS = list(get_args(vocabulary.Condition))
FAMILY = list(get_args(vocabulary.FamilyHistory))
SYMPTOMS = list(get_args(vocabulary.Symptom))
PREGNANCY_SYMPTOMS = list(get_args(vocabulary.PregnancySymptom))
WORDS = ["positive", "negative", "normal", "abnormal", "high", "low", "borderline", "detected"]
# Test code -> (unit, reference range) for numeric values; None: reported in words only.
NUMERIC = {
    "tsh": ("mIU/L", (0.4, 4.0)),
    "free_t4": ("pmol/L", (12.0, 22.0)),
    "prolactin": ("mIU/L", (100.0, 500.0)),
    "hba1c": ("mmol/mol", (20.0, 42.0)),
    "fasting_glucose": ("mmol/L", (3.5, 6.0)),
    "fasting_insulin": ("mU/L", (2.0, 20.0)),
    "vitamin_d": ("nmol/L", (50.0, 150.0)),
    "homocysteine": ("umol/L", (5.0, 15.0)),
    "lh": ("IU/L", (2.0, 12.0)),
    "luteal_phase_progesterone": ("nmol/L", (30.0, 90.0)),
    "ovarian_reserve": ("pmol/L", (7.0, 50.0)),
    "cervical_length": ("mm", (25.0, 50.0)),
    "sperm_dna_fragmentation": ("%", (0.0, 30.0)),
}
WORDED = [
    "hereditary_thrombophilia_screen",
    "tpo_antibodies",
    "androgens",
    "full_blood_count",
    "antinuclear_antibodies",
    "nk_cells",
    "hla_typing",
    "cytokines",
    "anti_hla_antibodies",
    "infection_screen",
    "tissue_genetics",
]
IMAGING = list(get_args(vocabulary.ImagingMethod))
KARYOTYPE_WORDS = ["normal", "", "balanced translocation 46,XX,t(11;22)", "inversion 9", "Normal "]


def _date(rng: random.Random, start: int = 2015, end: int = 2025) -> str:
    year = rng.randint(start, end)
    month = rng.randint(1, 12) if year < 2025 else rng.randint(1, 2)
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _some(rng: random.Random, choices: list[str], most: int) -> list[str]:
    return rng.sample(choices, rng.randint(0, most))


def _person(rng: random.Random, woman: bool) -> dict[str, Any]:
    person: dict[str, Any] = {}
    roll = rng.random()
    if roll < 0.7:
        person["age_years"] = rng.randint(19, 47) if woman else rng.randint(20, 60)
    elif roll < 0.85:
        person["birth_date"] = (
            f"{rng.randint(1980, 2003)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        )
    roll = rng.random()
    if roll < 0.6:
        person["bmi"] = round(rng.uniform(16, 42), 1)
    elif roll < 0.75:
        height = rng.randint(150, 190)
        person["height_cm"] = height
        person["weight_kg"] = round(rng.uniform(45, 120), 1)
    if rng.random() < 0.85:
        person["smoking"] = rng.choice(["never", "former", "current", "unknown"])
    if rng.random() < 0.3:
        person["alcohol_units_per_week"] = rng.randint(0, 30)
    if rng.random() < 0.3:
        person["caffeine_mg_per_day"] = rng.choice([0, 100, 200, 300, 450])
    if woman:
        for key, choices, most in (
            ("conditions", CONDITIONS, 3),
            ("symptoms", SYMPTOMS, 2),
            ("family_history", FAMILY, 2),
        ):
            if rng.random() < 0.7:
                person[key] = _some(rng, choices, most)
    return person


def _pregnancy(rng: random.Random, ended: dt.date) -> dict[str, Any]:
    outcome = rng.choice(OUTCOMES)
    item: dict[str, Any] = {"outcome": outcome}
    if rng.random() < 0.9:
        item["end_date"] = ended.isoformat()
    if rng.random() < 0.85:
        if outcome == "live_birth":
            weeks = rng.choice([rng.randint(24, 36), rng.randint(37, 41)])
        elif outcome == "stillbirth":
            weeks = rng.randint(20, 40)
        else:
            weeks = rng.choice([rng.randint(4, 9), rng.randint(10, 15), rng.randint(16, 23)])
        item["gestational_age"] = f"{weeks}+{rng.randint(0, 6)}"
    if rng.random() < 0.85:
        item["confirmed_by"] = rng.choice(["ultrasound", "histology", "hcg_only", "unknown"])
    if rng.random() < 0.3:
        item["conception"] = rng.choice(["natural", "iui", "ivf", "unknown"])
    if rng.random() < 0.3:
        item["same_partner"] = rng.random() < 0.7
    if rng.random() < 0.3:
        item["features"] = _some(rng, FEATURES, 3)
    if rng.random() < 0.3:
        item["tissue_genetics"] = {
            "result": rng.choice(
                [
                    "normal",
                    "aneuploid",
                    "unbalanced_structural",
                    "other_abnormal",
                    "failed",
                    "not_done",
                ]
            )
        }
    return item


def _apl_result(rng: random.Random, test: str) -> dict[str, Any]:
    result: dict[str, Any] = {"test": test}
    if rng.random() < 0.93:
        result["date"] = _date(rng, 2021, 2025)
    if test == "lupus_anticoagulant":
        result["value"] = rng.choice(["positive", "negative", "positive", "weak", "Positive "])
    elif test.startswith("anticardiolipin"):
        if rng.random() < 0.85:
            result["value"] = rng.choice([5, 12, 25, 41, 45, 60, 85, 120, 39.5])
            unit = "GPL" if test.endswith("igg") else "MPL"
            result["unit"] = rng.choice([unit, unit, unit.lower(), "U/mL"])
        else:
            result["value"] = rng.choice(["positive", "negative"])
    else:
        roll = rng.random()
        if roll < 0.5:
            result["value"] = rng.choice([3, 20, 41, 55, 90, 150])
            result["unit"] = "U/mL"
        elif roll < 0.9:
            result["value"] = rng.choice(["positive", "negative", "high"])
        else:
            result["value"] = "equivocal"
    return result


def _results(rng: random.Random) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    apl = [
        "lupus_anticoagulant",
        "anticardiolipin_igg",
        "anticardiolipin_igm",
        "anti_b2gp1_igg",
        "anti_b2gp1_igm",
    ]
    if rng.random() < 0.7:
        for test in _some(rng, apl, 5):
            for _ in range(rng.randint(1, 3)):
                results.append(_apl_result(rng, test))
    for test, (unit, reference) in NUMERIC.items():
        if rng.random() < 0.25:
            result: dict[str, Any] = {"test": test}
            if rng.random() < 0.93:
                result["date"] = _date(rng, 2022, 2025)
            roll = rng.random()
            if roll < 0.8:
                low, high = reference
                result["value"] = round(rng.uniform(low * 0.5, high * 1.6), 1)
                if rng.random() < 0.9:
                    result["unit"] = unit
                if rng.random() < 0.85:
                    result["reference_range"] = list(reference)
            else:
                result["value"] = rng.choice(WORDS)
            results.append(result)
    for test in WORDED:
        if rng.random() < 0.15:
            result = {"test": test, "value": rng.choice(WORDS)}
            if rng.random() < 0.93:
                result["date"] = _date(rng, 2022, 2025)
            results.append(result)
    for subject in ("woman", "partner", None):
        if rng.random() < 0.3:
            karyotype: dict[str, Any] = {"test": "karyotype", "date": _date(rng, 2020, 2025)}
            if subject is not None:
                karyotype["subject"] = subject
            words = rng.choice(KARYOTYPE_WORDS)
            if words:
                karyotype["interpretation"] = words
            results.append(karyotype)
    if rng.random() < 0.4:
        imaging: dict[str, Any] = {
            "test": "uterine_imaging",
            "date": _date(rng, 2020, 2025),
            "method": rng.choice(IMAGING),
            "value": rng.choice(["normal", "abnormal", "septate", "normal"]),
        }
        if rng.random() < 0.6:
            imaging["measurements"] = {
                key: value
                for key, value in (
                    ("internal_indentation_mm", rng.choice([0, 3, 8, 12, 15, 22])),
                    ("indentation_angle_deg", rng.choice([60, 90, 120, 150])),
                    ("wall_thickness_mm", rng.choice([8, 12, 16])),
                    ("external_indentation_mm", rng.choice([0, 5, 12])),
                )
                if rng.random() < 0.75
            }
        results.append(imaging)
    rng.shuffle(results)
    return results


def rich_record(rng: random.Random, index: int) -> dict[str, Any]:
    pregnancies = []
    ended = dt.date(2008, 1, 1)
    for _ in range(rng.randint(0, 8)):
        ended = min(ended + dt.timedelta(days=rng.randint(40, 900)), dt.date(2025, 2, 28))
        pregnancies.append(_pregnancy(rng, ended))
    record: dict[str, Any] = {
        "format": "rpl-couple/1",
        "id": f"rich-{index}",
        "assessed_on": "2025-03-01",
        "woman": _person(rng, woman=True),
        "pregnancies": pregnancies,
        "results": _results(rng),
    }
    if rng.random() < 0.6:
        record["partner"] = _person(rng, woman=False)
    if rng.random() < 0.25:
        current: dict[str, Any] = {"symptoms": _some(rng, PREGNANCY_SYMPTOMS, 3)}
        if rng.random() < 0.8:
            current["gestational_age"] = f"{rng.randint(4, 30)}+{rng.randint(0, 6)}"
        if rng.random() < 0.6:
            current["location"] = rng.choice(["intrauterine", "unknown", "ectopic"])
        if rng.random() < 0.6:
            current["fetal_heartbeat"] = rng.random() < 0.7
        record["current_pregnancy"] = current
    return record


def _case_records() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every vignette and rule case with a history, as the tests build them."""
    sys.path.insert(0, str(ROOT))
    from tests.core.helpers import record

    paths = [ROOT / "tests/vignettes/assessment.yaml"]
    paths += sorted((ROOT / "tests/core/rules/cases").glob("*.yaml"))
    for path in paths:
        loaded = yaml.safe_load(path.read_text())
        cases = loaded if isinstance(loaded, list) else loaded["cases"]
        for number, case in enumerate(cases):
            if "history" not in case:
                continue
            story = {
                k: case[k]
                for k in ("woman", "partner", "results", "current_pregnancy")
                if k in case
            }
            yield f"{path.name}#{number}", record(*case["history"], **story)


def records(count: int, rich: int, seed: int) -> Iterator[tuple[str, str]]:
    bench = _benchmark_module()
    rng = random.Random(seed)
    for i in range(count):
        yield f"bench-{i}", bench.synthetic_record(rng, i)
    rng = random.Random(seed + 1000)
    for i in range(rich):
        yield f"rich-{i}", json.dumps(rich_record(rng, i))
    for name, data in _case_records():
        yield name, json.dumps(data, default=str)


def _aps_input(rng: random.Random, acr: bool) -> dict[str, Any]:
    def day() -> str:
        return _date(rng, 2019, 2025)

    data: dict[str, Any] = {}
    if rng.random() < 0.7:
        data["lupus_anticoagulant"] = [
            {"date": day(), "positive": rng.random() < 0.6} for _ in range(rng.randint(0, 3))
        ]
    for name, key in (("anticardiolipin_igg", "titre_gpl"), ("anticardiolipin_igm", "titre_mpl")):
        if rng.random() < 0.5:
            tests = []
            for _ in range(rng.randint(0, 3)):
                test: dict[str, Any] = {"date": day(), key: rng.choice([5, 30, 41, 50, 79.5, 85])}
                if rng.random() < 0.4:
                    test["above_99th_percentile"] = rng.random() < 0.5
                tests.append(test)
            data[name] = tests
    for name in ("anti_b2gp1_igg", "anti_b2gp1_igm"):
        if rng.random() < 0.5:
            tests = []
            for _ in range(rng.randint(0, 3)):
                test = {"date": day()}
                if rng.random() < 0.7:
                    test["titre_units"] = rng.choice([10, 40, 60, 79.5, 100])
                if rng.random() < 0.6:
                    test["above_99th_percentile"] = rng.random() < 0.5
                tests.append(test)
            data[name] = tests
    pregnancies = []
    for _ in range(rng.randint(0, 6)):
        outcome = rng.choice(["loss", "loss", "birth"])
        weeks = rng.choice([6, 8, 9, 11, 15, 17, 25, 31, 33, 38])
        pregnancy: dict[str, Any] = {
            "outcome": outcome,
            "gestational_age": f"{weeks}+{rng.randint(0, 6)}",
            "explained_by_other_cause": rng.random() < 0.15,
        }
        if rng.random() < 0.4:
            pregnancy["features"] = _some(
                rng,
                [
                    "severe_preeclampsia_before_34w",
                    "placental_insufficiency_before_34w",
                    "morphologically_normal_fetus",
                ],
                3,
            )
        pregnancies.append(pregnancy)
    data["pregnancies"] = pregnancies
    dates = [day() for _ in range(rng.randint(0, 2))] if rng.random() < 0.85 else []
    if acr:
        data["clinical_criteria"] = _some(
            rng,
            [
                "vte_with_high_risk_profile",
                "vte_without_high_risk_profile",
                "arterial_thrombosis_without_high_risk_cvd_profile",
                "livedo_racemosa",
                "valve_thickening",
                "thrombocytopenia_20_to_130",
            ],
            2,
        )
        if dates:
            data["clinical_criterion_dates"] = dates
    else:
        data["vascular_thrombosis"] = rng.random() < 0.2
        if rng.random() < 0.7:
            data["other_causes_of_early_losses_excluded"] = rng.random() < 0.6
        if dates:
            data["clinical_event_dates"] = dates
    return data


def calculations(count: int, seed: int) -> Iterator[tuple[str, str]]:
    for name, calculator in sorted(CALCULATORS.items()):
        yield f"example {name}", run(name, calculator.example).model_dump_json()
    rng = random.Random(seed + 2000)
    for i in range(count):
        for name, acr in (("aps-sydney-2006", False), ("aps-acr-eular-2023", True)):
            data = _aps_input(rng, acr)
            try:
                text = run(name, json.dumps(data)).model_dump_json()
            except CalculatorInputError as error:
                text = "error: " + "; ".join(str(p) for p in error.problems)
            yield f"{name} {i}", text
            # The brief run the engine asks for, on the same input (its own code path).
            try:
                text = run(name, json.dumps(data), explain=False).model_dump_json()
            except CalculatorInputError as error:
                text = "error: " + "; ".join(str(p) for p in error.problems)
            yield f"{name} {i} brief", text


def outputs(count: int, rich: int, calcs: int, seed: int) -> Iterator[str]:
    profiles = load_profiles()
    for name, text in records(count, rich, seed):
        try:
            checked = parse_record(text, today=TODAY)
        except RecordError as error:
            yield f"{name}\trefused: {error}"
            continue
        for profile_id in sorted(profiles):
            yield f"{name} {profile_id}\t" + assess(checked, profiles[profile_id]).model_dump_json()
    for name, text in calculations(calcs, seed):
        yield f"{name}\t{text}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", type=Path, help="write every output to this .jsonl.gz file")
    what.add_argument("--check", type=Path, help="compare every output with this file")
    parser.add_argument("--records", type=int, default=10_000, help="benchmark records")
    parser.add_argument("--rich", type=int, default=10_000, help="richer records")
    parser.add_argument(
        "--calculations", type=int, default=10_000, help="inputs per APS calculator"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    produced = outputs(args.records, args.rich, args.calculations, args.seed)
    if args.write:
        lines = 0
        with gzip.open(args.write, "wt", encoding="utf-8") as out:
            for line in produced:
                out.write(line + "\n")
                lines += 1
        print(f"wrote {lines} outputs to {args.write}")
        return
    # Compared by name (the text before the tab), not by position: a new vignette or rule
    # case inserted in the middle must not make every later output look different.
    with gzip.open(args.check, "rt", encoding="utf-8") as before:
        old_by_name = dict(line.rstrip("\n").split("\t", 1) for line in before)
    differ = lines = extra = 0
    seen: set[str] = set()
    for new in produced:
        name, _, text = new.partition("\t")
        seen.add(name)
        lines += 1
        old = old_by_name.get(name)
        if old is None:
            extra += 1
        elif old != text:
            differ += 1
            if differ <= 3:
                print(f"DIFFERS {name}\n  before: {old}\n  after:  {text}")
    left = len(old_by_name.keys() - seen)
    print(f"compared {lines} outputs: {differ} differ; {left} only before, {extra} only after")
    if differ or left or extra:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
