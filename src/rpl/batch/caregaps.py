"""Which investigations count as care gaps, read from the engine's own rules.

Nothing here lists tests. For each profile the rule registry is run on small probe records
that meet the definition (three first-trimester miscarriages; three at 15 weeks) and hold no
results. An investigation the rules mark `recommended` and `to_do` there is a candidate.
Each candidate is then probed again with one piece of evidence added at a time (a result of
each test in the vocabulary, a tissue-genetics result of each kind): the evidence that turns
it `done` is what satisfies it in the registry; evidence that withdraws or weakens the
recommendation makes it depend on the rest of the record, so it is left out of the
care-gap list (and named in the report) rather than guessed at. The registry's care gaps
are therefore a subset of what `rpl assess` would list as recommended and not done; a
parity test checks exactly that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, get_args

from rpl.core.classification import classify
from rpl.core.parsing import parse_record
from rpl.core.profiles import Profile
from rpl.core.rules.catalogue import default_registry
from rpl.core.sections import Investigation
from rpl.core.vocabulary import TestCode, TissueGeneticsResult

PROBE_DAY = dt.date(2025, 1, 1)
PROBE_HISTORIES = {
    "three first-trimester miscarriages": "8+0",
    "three miscarriages at 15 weeks": "15+0",
}


@dataclass(frozen=True)
class CareGapItem:
    investigation: str
    rule: str
    recommendation: str
    tests: tuple[str, ...]  # results of any of these tests satisfy it
    tissue_results: tuple[str, ...]  # or a pregnancy's tissue genetics with one of these
    sources: tuple[str, ...]  # "SOURCE ref" of each citation, for the report


@dataclass(frozen=True)
class CareGapSpec:
    profile: str
    items: tuple[CareGapItem, ...]
    left_out: tuple[str, ...]  # recommended on the probes but dependent on other data


def _record(gestational_age: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    pregnancy = {
        "outcome": "miscarriage",
        "gestational_age": gestational_age,
        "confirmed_by": "ultrasound",
        "same_partner": True,
    }
    record: dict[str, Any] = {
        "format": "rpl-couple/1",
        "id": "care-gap-probe",
        "assessed_on": PROBE_DAY.isoformat(),
        "woman": {"age_years": 30},
        "pregnancies": [{**pregnancy, "end_date": f"{2021 + i}-06-01"} for i in range(3)],
        "results": [],
    }
    if extra and "result" in extra:
        record["results"] = [extra["result"]]
    if extra and "tissue" in extra:
        for item in record["pregnancies"]:
            item["tissue_genetics"] = {"result": extra["tissue"]}
    return record


def _investigations(record: dict[str, Any], profile: Profile) -> dict[str, Investigation] | None:
    checked = parse_record(record, PROBE_DAY)
    classification = classify(checked, profile)
    if classification.meets_definition is not True:
        return None
    emitted, _ = default_registry().run(checked, profile, classification)
    return {e.item.code: e.item for e in emitted if isinstance(e.item, Investigation)}


def _evidence() -> list[tuple[str, dict[str, Any]]]:
    probes: list[tuple[str, dict[str, Any]]] = []
    for test in get_args(TestCode):
        result = {"test": test, "date": "2024-06-01", "value": "normal", "interpretation": "normal"}
        probes.append((f"test:{test}", {"result": result}))
    for tissue in get_args(TissueGeneticsResult):
        probes.append((f"tissue:{tissue}", {"tissue": tissue}))
    return probes


def _spec(profile: Profile) -> CareGapSpec:
    bases = [_investigations(_record(ga), profile) for ga in PROBE_HISTORIES.values()]
    usable = [(ga, b) for ga, b in zip(PROBE_HISTORIES.values(), bases, strict=True) if b]
    candidates: set[str] | None = None
    for _, base in usable:
        wanted = {
            code
            for code, item in base.items()
            if item.recommendation == "recommended" and item.status == "to_do"
        }
        candidates = wanted if candidates is None else candidates & wanted
    candidates = candidates or set()
    satisfied: dict[str, set[str]] = {code: set() for code in candidates}
    dependent: set[str] = set()
    for label, extra in _evidence():
        for ga, _ in usable:
            probed = _investigations(_record(ga, extra), profile) or {}
            for code in candidates:
                item = probed.get(code)
                if item is None or item.recommendation != "recommended":
                    dependent.add(code)
                elif item.status != "to_do":
                    satisfied[code].add(label)
    items = []
    first_base = usable[0][1] if usable else {}
    for code in sorted(candidates - dependent):
        item = first_base[code]
        labels = satisfied[code]
        items.append(
            CareGapItem(
                investigation=code,
                rule=item.rule,
                recommendation=item.recommendation,
                tests=tuple(
                    sorted(x.removeprefix("test:") for x in labels if x.startswith("test:"))
                ),
                tissue_results=tuple(
                    sorted(x.removeprefix("tissue:") for x in labels if x.startswith("tissue:"))
                ),
                sources=tuple(f"{s.source} {s.ref}" for s in item.sources),
            )
        )
    return CareGapSpec(profile.id, tuple(items), tuple(sorted(dependent & candidates)))


_SPECS: dict[int, tuple[Profile, CareGapSpec]] = {}


def care_gap_spec(profile: Profile) -> CareGapSpec:
    """The investigations that make a care gap under this profile, and what satisfies each."""
    cached = _SPECS.get(id(profile))
    if cached is None or cached[0] is not profile:
        cached = (profile, _spec(profile))
        _SPECS[id(profile)] = cached
    return cached[1]
