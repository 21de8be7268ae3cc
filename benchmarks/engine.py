"""Engine benchmark: assess N varied synthetic records; print per-assessment times and ratios.

    .venv/bin/python benchmarks/engine.py [--records 10000] [--seed 1]

Target (issue 16): median <= 0.5 ms per assessment. The ratio to parse-and-validate time is
printed for comparison with earlier rounds; it is no longer a target.
Prints figures, never asserts: speed lives here, not in timed tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import load_profiles

TODAY = dt.date(2026, 11, 21)
OUTCOMES = [
    ("miscarriage", 50),
    ("live_birth", 25),
    ("biochemical_loss", 8),
    ("ectopic", 4),
    ("molar", 1),
    ("induced_abortion", 6),
    ("stillbirth", 2),
    ("pul_resolved", 2),
]


def synthetic_record(rng: random.Random, index: int) -> str:
    outcomes, weights = zip(*OUTCOMES, strict=True)
    pregnancies = []
    year = 2010
    for _ in range(rng.randint(0, 7)):
        outcome = rng.choices(outcomes, weights)[0]
        year += rng.randint(0, 2)
        item: dict[str, object] = {
            "outcome": outcome,
            "end_date": f"{min(year, 2024)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        }
        if rng.random() < 0.9:
            weeks = rng.randint(38, 41) if outcome == "live_birth" else rng.randint(4, 26)
            item["gestational_age"] = f"{weeks}+{rng.randint(0, 6)}"
        item["confirmed_by"] = rng.choice(["ultrasound", "histology", "hcg_only", "unknown"])
        if rng.random() < 0.2:
            item["tissue_genetics"] = {"result": rng.choice(["normal", "aneuploid", "failed"])}
        pregnancies.append(item)
    pregnancies.sort(key=lambda p: str(p["end_date"]))
    results = []
    if rng.random() < 0.5:
        results.append(
            {
                "test": "lupus_anticoagulant",
                "date": "2024-09-10",
                "value": rng.choice(["negative", "positive"]),
            }
        )
        results.append(
            {
                "test": "tsh",
                "date": "2024-09-10",
                "value": round(rng.uniform(0.3, 6), 1),
                "unit": "mIU/L",
                "reference_range": [0.4, 4.0],
            }
        )
    record = {
        "format": "rpl-couple/1",
        "id": f"bench-{index}",
        "assessed_on": "2025-03-01",
        "woman": {
            "age_years": rng.randint(20, 45),
            "bmi": round(rng.uniform(17, 40), 1),
            "smoking": rng.choice(["never", "current", "former"]),
        },
        "pregnancies": pregnancies,
        "results": results,
    }
    return json.dumps(record)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [synthetic_record(rng, i) for i in range(args.records)]
    profiles = load_profiles()
    profile_list = [profiles[p] for p in ("eshre-2022", "rcog-2023", "asrm-2012")]

    # Load the knowledge base once, as a server does, so the figures are steady-state.
    assess(parse_record(texts[0], today=TODAY), profile_list[0])
    parse_times, assess_times = [], []
    for i, text in enumerate(texts):
        start = time.perf_counter()
        checked = parse_record(text, today=TODAY)
        parsed = time.perf_counter()
        assess(checked, profile_list[i % 3])
        done = time.perf_counter()
        parse_times.append(parsed - start)
        assess_times.append(done - parsed)

    def ms(values: list[float], q: float) -> float:
        return (
            statistics.quantiles(values, n=100)[int(q) - 1] * 1000
            if q < 100
            else max(values) * 1000
        )

    median_assess = statistics.median(assess_times) * 1000
    print(f"records: {args.records} (seed {args.seed}), profiles rotated eshre/rcog/asrm")
    print(
        f"parse+validate: median {statistics.median(parse_times) * 1000:.3f} ms, p99 {ms(parse_times, 99):.3f} ms"
    )
    print(
        f"assessment:     median {median_assess:.3f} ms, p99 {ms(assess_times, 99):.3f} ms  (target median <= 0.5 ms)"
    )
    ratio = sum(assess_times) / sum(parse_times)
    print(f"ratio assessment / parse+validate: {ratio:.2f}")


if __name__ == "__main__":
    main()
