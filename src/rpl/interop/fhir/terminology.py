"""RPL Care's own codes as FHIR terminology: one CodeSystem per kind of code, a ValueSet of each,
ValueSets of the standard codes the import reads, and a ConceptMap from our codes to the
standard ones (codes.yaml).

Canonical URLs are the code systems' own URNs, stable since the first export:
`urn:rpl-care:codes:<kind>` (CodeSystem), `urn:rpl-care:valueset:<name>` (ValueSet),
`urn:rpl-care:conceptmap:rpl-to-standard` (ConceptMap). The resources are generated here, kept in
the repository under `terminology/` (a test fails when they are stale; `rpl fhir terminology
--write` regenerates them) and served by the FHIR face (`/fhir/CodeSystem/...`).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, get_args

from rpl import __version__
from rpl.core import vocabulary as v
from rpl.interop.fhir import vocab
from rpl.interop.fhir.codes import LOINC, code_tables, local

JsonDict = dict[str, Any]
PUBLISHER = "RPL Care"
DATE = "2026-12-07"  # of this edition of the terminology; bump with its content
FOLDER = "terminology"


def _words(code: str) -> str:
    return code.replace("_", " ").replace("-", " ")


# kind -> (title, codes, content): content "complete" (every code), "fragment" (the codes known
# here; the rules add more) or "not-present" (the codes the rules make; see the rule catalogue).
def kinds() -> dict[str, tuple[str, list[str], str]]:
    tables = code_tables()
    pregnancy_fields = [
        "number",
        "gestational_age",
        *vocab.PREGNANCY_CODES,
        *vocab.CURRENT_PREGNANCY_CODES,
        "same_partner",
        "tissue_genetics",
        "fetal_heartbeat",
        "current",
    ]
    investigations = sorted(
        {*get_args(v.TestCode), *tables.investigations, "uterine_assessment", "parental_karyotype"}
    )
    return {
        "outcome": ("Pregnancy outcomes", list(get_args(v.Outcome)), "complete"),
        "pregnancy-feature": ("Pregnancy features", list(get_args(v.PregnancyFeature)), "complete"),
        "tissue-genetics": (
            "Tissue genetics results",
            list(get_args(v.TissueGeneticsResult)),
            "complete",
        ),
        "confirmation": (
            "How a pregnancy was confirmed",
            list(get_args(v.Confirmation)),
            "complete",
        ),
        "conception": ("How a pregnancy was conceived", list(get_args(v.Conception)), "complete"),
        "smoking": ("Smoking", list(get_args(v.Smoking)), "complete"),
        "pregnancy-location": (
            "Location of the current pregnancy",
            list(get_args(v.PregnancyLocation)),
            "complete",
        ),
        "subject": ("Whom a result is about", list(get_args(v.Subject)), "complete"),
        "role": ("Role in the couple", ["woman", "partner"], "complete"),
        "condition": ("Conditions", list(get_args(v.Condition)), "complete"),
        "symptom": ("Symptoms outside pregnancy", list(get_args(v.Symptom)), "complete"),
        "family-history": ("Family history", list(get_args(v.FamilyHistory)), "complete"),
        "pregnancy-symptom": (
            "Symptoms in the current pregnancy",
            list(get_args(v.PregnancySymptom)),
            "complete",
        ),
        "test": ("Tests (results)", list(get_args(v.TestCode)), "complete"),
        "imaging-method": ("Imaging methods", list(get_args(v.ImagingMethod)), "complete"),
        "measurement": ("Measurements", list(get_args(v.MeasurementKey)), "complete"),
        "triage-level": ("Triage levels", list(get_args(v.TriageLevel)), "complete"),
        "finding-status": ("Finding status", ["present", "absent", "possible"], "complete"),
        "person": (
            "Facts about a person",
            [*vocab.PERSON_QUANTITIES, *vocab.PERSON_CODES, *vocab.WOMAN_LISTS],
            "complete",
        ),
        "pregnancy": ("Parts of a pregnancy", pregnancy_fields, "complete"),
        "result": ("Parts of a result", ["unit", "subject", "measurements"], "complete"),
        "prognosis": ("Prognosis", ["live_birth_next_pregnancy", "published_range"], "complete"),
        "triage": ("Triage", ["level"], "complete"),
        # Made by the rules, which grow: the codes listed are those known here (content fragment).
        "investigation": ("Investigations", investigations, "fragment"),
        "finding": ("Findings", [], "not-present"),
        "treatments": ("Treatments", [], "not-present"),
        "next-pregnancy": ("Plans for the next pregnancy", [], "not-present"),
        "advice": ("Advice", [], "not-present"),
        "bundle-flag": ("Flags on an exported record", [vocab.ASSESSED_ON_OPEN], "complete"),
        "assessed-on": ("The record's assessment date (the code is the date)", [], "not-present"),
        "cds-override-reason": (
            "Reasons to override a CDS card",
            ["specific-indication", "research-protocol", "informed-choice"],
            "complete",
        ),
    }


def code_system(kind: str) -> JsonDict:
    title, codes, content = kinds()[kind]
    system: JsonDict = {
        "resourceType": "CodeSystem",
        "id": f"rpl-{kind}",
        "url": local(kind),
        "version": __version__,
        "name": "RplCare" + "".join(p.capitalize() for p in kind.split("-")),
        "title": f"RPL Care codes: {title}",
        "status": "active",
        "experimental": False,
        "date": DATE,
        "publisher": PUBLISHER,
        "description": f"{title}, as RPL Care's records and exports code them "
        "(docs/vocabulary.md). Codes are never renamed or reused.",
        "caseSensitive": True,
        "valueSet": f"urn:rpl-care:valueset:{kind}",
        "content": content,
    }
    if content == "not-present":
        system["description"] += (
            " The codes are not listed here (docs/vocabulary.md, docs/rules.md)."
        )
    else:
        system["count"] = len(codes)
        system["concept"] = [{"code": code, "display": _words(code)} for code in codes]
    return system


def value_set(kind: str) -> JsonDict:
    title, _, _ = kinds()[kind]
    return {
        "resourceType": "ValueSet",
        "id": f"rpl-{kind}",
        "url": f"urn:rpl-care:valueset:{kind}",
        "version": __version__,
        "name": "RplCare" + "".join(p.capitalize() for p in kind.split("-")) + "Codes",
        "title": f"RPL Care: all {title.lower()}",
        "status": "active",
        "experimental": False,
        "date": DATE,
        "publisher": PUBLISHER,
        "description": f"Every code of the CodeSystem {local(kind)}.",
        "compose": {"include": [{"system": local(kind)}]},
    }


def _standard_value_set(
    name: str, title: str, description: str, include: list[JsonDict]
) -> JsonDict:
    return {
        "resourceType": "ValueSet",
        "id": f"rpl-{name}",
        "url": f"urn:rpl-care:valueset:{name}",
        "version": __version__,
        "name": "RplCare" + "".join(p.capitalize() for p in name.split("-")),
        "title": title,
        "status": "active",
        "experimental": False,
        "date": DATE,
        "publisher": PUBLISHER,
        "description": description,
        "compose": {"include": include},
    }


def _include(entries: list[Any]) -> list[JsonDict]:
    """Compose includes for codes.yaml entries: enumerated codes, and `is-a` filters for the
    ICD-10 categories read with everything under them."""
    tables = code_tables()
    include: list[JsonDict] = []
    by_system: dict[str, list[JsonDict]] = {}
    for entry in entries:
        system = tables.url(entry.system)
        if getattr(entry, "prefix", False):
            include.append(
                {
                    "system": system,
                    "filter": [{"property": "concept", "op": "is-a", "value": entry.code}],
                }
            )
        else:
            by_system.setdefault(system, []).append({"code": entry.code, "display": entry.display})
    return [{"system": s, "concept": c} for s, c in by_system.items()] + include


def standard_value_sets() -> list[JsonDict]:
    tables = code_tables()
    return [
        _standard_value_set(
            "pregnancy-loss-events",
            "RPL Care: diagnoses and procedures read as the end of a pregnancy",
            "SNOMED CT and ICD-10 codes on Conditions and Procedures that the FHIR import reads as "
            "how one pregnancy ended (codes.yaml pregnancy_events, each with its source).",
            _include(tables.pregnancy_events),
        ),
        _standard_value_set(
            "loss-history",
            "RPL Care: conditions that record pregnancy loss without the pregnancies",
            "Read as a sign of recorded losses, never as pregnancies (codes.yaml loss_history).",
            _include(tables.loss_history),
        ),
        _standard_value_set(
            "pregnancy-status",
            "RPL Care: pregnancy status values read",
            "Values of LOINC 82810-3 the import reads (IPS, current and 1.x).",
            _include(tables.pregnancy_status_values),
        ),
        _standard_value_set(
            "smoking-status",
            "RPL Care: smoking status values read",
            "Values of LOINC 72166-2 the import reads (IPS, current and 1.x).",
            _include(tables.smoking_values),
        ),
    ]


def concept_map() -> JsonDict:
    """Our codes -> the standard codes codes.yaml maps them to. `equivalent` where the meaning is
    the same; `narrower` where the LOINC term also fixes specimen or method our code leaves open."""
    tables = code_tables()
    groups: list[JsonDict] = []

    def group(kind: str, target: str, items: dict[str, Any], equivalence: str) -> None:
        if items:
            groups.append(
                {
                    "source": local(kind),
                    "target": target,
                    "element": [
                        {
                            "code": code,
                            "target": [
                                {"code": c.code, "display": c.display, "equivalence": equivalence}
                            ],
                        }
                        for code, c in items.items()
                    ],
                }
            )

    group("outcome", tables.url("snomed"), dict(tables.outcomes), "equivalent")
    group("person", LOINC, dict(tables.person), "equivalent")
    group("test", LOINC, dict(tables.tests), "narrower")
    group("investigation", LOINC, dict(tables.investigations), "narrower")
    smoking: dict[str, Any] = {}
    for value in tables.smoking_values:
        smoking.setdefault(value.smoking, value)
    group("smoking", tables.url("snomed"), {k: c for k, c in smoking.items()}, "equivalent")
    return {
        "resourceType": "ConceptMap",
        "id": "rpl-to-standard",
        "url": "urn:rpl-care:conceptmap:rpl-to-standard",
        "version": __version__,
        "name": "RplCareToStandard",
        "title": "RPL Care codes to SNOMED CT and LOINC",
        "status": "active",
        "experimental": False,
        "date": DATE,
        "publisher": PUBLISHER,
        "description": "The standard codes RPL Care's exports put beside its own (codes.yaml, "
        "where each was read and its evidence status).",
        "group": groups,
    }


def all_resources() -> list[JsonDict]:
    made: list[JsonDict] = []
    for kind in kinds():
        made += [code_system(kind), value_set(kind)]
    made += standard_value_sets()
    made.append(concept_map())
    return made


def file_name(resource: JsonDict) -> str:
    return f"{resource['resourceType']}-{resource['id']}.json"


def render(resource: JsonDict) -> str:
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path) -> list[Path]:
    """Write every resource to `folder` (the package's terminology/ folder); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for resource in all_resources():
        path = folder / file_name(resource)
        path.write_text(render(resource), encoding="utf-8")
        written.append(path)
    return written


@cache
def shipped() -> dict[tuple[str, str], JsonDict]:
    """The resources kept in the package, by (resourceType, id)."""
    found: dict[tuple[str, str], JsonDict] = {}
    folder = resources.files("rpl.interop.fhir").joinpath(FOLDER)
    for item in folder.iterdir():
        if item.name.endswith(".json"):
            resource = json.loads(item.read_text(encoding="utf-8"))
            found[(resource["resourceType"], resource["id"])] = resource
    return found
