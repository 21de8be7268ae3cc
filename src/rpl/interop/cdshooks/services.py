"""The CDS Hooks services: discovery, `patient-view` and `order-select` (CDS Hooks 2.0).

Pure functions over the hook's context and the FHIR data the client prefetched (or we fetched):
the data become an rpl-couple/1 record through the FHIR import, the core assesses it under the
configured profile, and the cards say what the assessment says, with its citations.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import yaml

from rpl.core.assessment import Assessment, assess
from rpl.core.parsing import RecordError
from rpl.core.profiles import Profile
from rpl.core.sections import Investigation, SourceRef
from rpl.core.sources import load_sources
from rpl.interop.fhir.codes import LOINC, code_tables, local
from rpl.interop.fhir.importer import import_bundle

JsonDict = dict[str, Any]
SUMMARY_LIMIT = 140
OPEN_STATUSES = {"to_do", "repeat"}
ADVISED = {"recommended", "conditional"}
AGAINST = {"not_recommended", "research_only"}
OVERRIDE_SYSTEM = "urn:rpl-care:codes:cds-override-reason"
OVERRIDE_REASONS = [
    {
        "system": OVERRIDE_SYSTEM,
        "code": "specific-indication",
        "display": "A specific clinical indication beyond recurrent loss",
    },
    {
        "system": OVERRIDE_SYSTEM,
        "code": "research-protocol",
        "display": "Part of an approved research protocol",
    },
    {
        "system": OVERRIDE_SYSTEM,
        "code": "informed-choice",
        "display": "Patient's informed choice after counselling",
    },
]


def _observation_codes() -> str:
    tables = code_tables()
    codes = {c.code for c in tables.counts}
    codes |= {tables.pregnancy_outcome.code, tables.pregnancy_status.code}
    codes |= {c.code for c in tables.tests.values()} | {c.code for c in tables.person.values()}
    return ",".join(sorted(codes))


PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}&code=" + _observation_codes(),
}

SERVICES: dict[str, JsonDict] = {
    "rpl-patient-view": {
        "hook": "patient-view",
        "title": "RPL Care: recurrent pregnancy loss check",
        "description": "Says when a patient's pregnancy history meets the guideline profile's "
        "definition of recurrent pregnancy loss, and suggests the recommended investigations "
        "not yet done, with their sources.",
        "id": "rpl-patient-view",
        "prefetch": PREFETCH,
    },
    "rpl-order-select": {
        "hook": "order-select",
        "title": "RPL Care: tests not recommended for recurrent pregnancy loss",
        "description": "Warns when a selected draft order is a test the guideline profile "
        "advises against for this patient (e.g. inherited thrombophilia panels, NK cells, HLA).",
        "id": "rpl-order-select",
        "prefetch": PREFETCH,
    },
}


def discovery() -> JsonDict:
    return {"services": list(SERVICES.values())}


def render_template(template: str, context: JsonDict) -> str:
    rendered = template
    for name, value in context.items():
        if isinstance(value, str | int):
            rendered = rendered.replace("{{context." + name + "}}", str(value))
    return rendered


def record_bundle(data: JsonDict) -> JsonDict | None:
    """The prefetched Patient and Observations as one Bundle for the FHIR import."""
    patient = data.get("patient")
    if not isinstance(patient, dict) or patient.get("resourceType") != "Patient":
        return None
    entries = [{"fullUrl": f"Patient/{patient.get('id', 'patient')}", "resource": patient}]
    observations = data.get("observations")
    if isinstance(observations, dict):
        for entry in observations.get("entry", []):
            resource = entry.get("resource")
            if isinstance(resource, dict) and resource.get("resourceType") == "Observation":
                address = entry.get("fullUrl") or f"Observation/{resource.get('id')}"
                entries.append({"fullUrl": address, "resource": resource})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def assess_patient(data: JsonDict, profile: Profile, today: Any) -> Assessment | None:
    bundle = record_bundle(data)
    if bundle is None:
        return None
    try:
        checked = import_bundle(bundle, today=today).checked
    except RecordError:
        return None  # the EHR's data do not make a valid record: no advice rather than a guess
    return assess(checked, profile)


def _name(code: str) -> str:
    return code.replace("_", " ")


def _cite(sources: Sequence[SourceRef]) -> str:
    return "; ".join(f"{s.source} {s.ref}, strength {s.strength} ({s.evidence})" for s in sources)


def _source(assessment: Assessment, profile: Profile) -> JsonDict:
    source: JsonDict = {"label": f"RPL Care — {profile.title}"}
    registry = load_sources()
    for setting in assessment.classification.sources:
        entry = registry.get(setting.source)
        if entry is not None and entry.url:
            source["url"] = entry.url
            break
    return source


def _fit(summary: str) -> str:
    return summary if len(summary) < SUMMARY_LIMIT else summary[: SUMMARY_LIMIT - 2] + "…"


def _service_request(inv: Investigation, patient_id: str, intent: str) -> JsonDict:
    tables = code_tables()
    codings = [{"system": local("investigation"), "code": inv.code}]
    if inv.code in tables.investigations:
        standard = tables.investigations[inv.code]
        codings.insert(0, {"system": LOINC, "code": standard.code, "display": standard.display})
    return {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": intent,
        "code": {"coding": codings, "text": _name(inv.code)},
        "subject": {"reference": f"Patient/{patient_id}"},
        "reasonCode": [{"text": inv.reason}],
    }


def patient_view(context: JsonDict, assessment: Assessment | None, profile: Profile) -> JsonDict:
    if assessment is None:
        return {"cards": []}
    c = assessment.classification
    patient_id = str(context.get("patientId", ""))
    if c.meets_definition is None and c.undecided:
        needs = sorted({u.needs.split(".")[-1].replace("_", " ") for u in c.undecided})
        return {
            "cards": [
                {
                    "uuid": str(uuid.uuid4()),
                    "summary": _fit(
                        f"May meet the {profile.id} definition of recurrent pregnancy loss: missing data decides"
                    ),
                    "indicator": "info",
                    "detail": f"Under *{profile.title}*, {c.losses_counted} losses count "
                    f"and {len(c.undecided)} pregnancies are undecided. Missing: {', '.join(needs)}. "
                    f"The definition: {c.definition}",
                    "source": _source(assessment, profile),
                }
            ]
        }
    if c.meets_definition is not True:
        return {"cards": []}
    to_do = [
        i
        for i in assessment.investigations
        if i.status in OPEN_STATUSES and i.recommendation in ADVISED
    ]
    against = [i for i in assessment.investigations if i.recommendation in AGAINST]
    lines = [
        f"**Recurrent pregnancy loss** under *{profile.title}*: {c.definition}",
        "",
        f"- Losses counted: {c.losses_counted}; most recent run of consecutive losses: {c.consecutive_losses}; "
        f"type: {c.type or 'unknown'}.",
    ]
    if to_do:
        lines += ["", "**Investigations advised and not yet done**", ""]
        lines += [
            f"- {_name(i.code)} ({i.recommendation}): {i.reason} — {_cite(i.sources)}"
            for i in to_do
        ]
    if against:
        lines += ["", "**Not recommended for recurrent pregnancy loss**", ""]
        lines += [f"- {_name(i.code)}: {_cite(i.sources)}" for i in against]
    lines += ["", "*Decision support from a guideline profile; the clinician decides.*"]
    card: JsonDict = {
        "uuid": str(uuid.uuid4()),
        "summary": _fit(
            f"Meets the {profile.id} definition of recurrent pregnancy loss ({c.losses_counted} losses)"
        ),
        "indicator": "info",
        "detail": "\n".join(lines),
        "source": _source(assessment, profile),
    }
    if to_do:
        card["selectionBehavior"] = "any"
        card["suggestions"] = [
            {
                "label": f"Order {_name(i.code)}",
                "uuid": str(uuid.uuid4()),
                "isRecommended": i.recommendation == "recommended",
                "actions": [
                    {
                        "type": "create",
                        "description": f"Create a draft order for {_name(i.code)}",
                        "resource": _service_request(i, patient_id, "order"),
                    }
                ],
            }
            for i in to_do
        ]
    return {"cards": [card]}


@cache
def order_names() -> dict[str, list[str]]:
    text = resources.files("rpl.interop.cdshooks").joinpath("order_names.yaml").read_text("utf-8")
    names: dict[str, list[str]] = yaml.safe_load(text)
    return names


def recognise_order(order: JsonDict) -> str | None:
    """Our investigation code for a draft ServiceRequest, or None."""
    concept = order.get("code", {})
    codings = concept.get("coding", [])
    for coding in codings:
        if coding.get("system") == local("investigation"):
            return str(coding.get("code"))
    by_loinc = {c.code: name for name, c in code_tables().investigations.items()}
    for coding in codings:
        if coding.get("system") == LOINC and coding.get("code") in by_loinc:
            return by_loinc[coding["code"]]
    words = " ".join([concept.get("text", ""), *(c.get("display", "") for c in codings)]).lower()
    for code, hints in order_names().items():
        if any(hint in words for hint in hints):
            return code
    return None


def selected_service_requests(context: JsonDict) -> list[JsonDict]:
    selections = set(context.get("selections") or [])
    draft = context.get("draftOrders") or {}
    chosen = []
    for entry in draft.get("entry", []) if isinstance(draft, dict) else []:
        resource = entry.get("resource") or {}
        if resource.get("resourceType") != "ServiceRequest":
            continue
        if f"ServiceRequest/{resource.get('id')}" in selections:
            chosen.append(resource)
    return chosen


def order_select(context: JsonDict, assessment: Assessment | None, profile: Profile) -> JsonDict:
    if assessment is None:
        return {"cards": []}
    against = {i.code: i for i in assessment.investigations if i.recommendation in AGAINST}
    cards = []
    for order in selected_service_requests(context):
        code = recognise_order(order)
        if code is None or code not in against:
            continue
        inv = against[code]
        cards.append(
            {
                "uuid": str(uuid.uuid4()),
                "summary": _fit(
                    f"{_name(code).capitalize()}: not recommended for recurrent pregnancy loss ({profile.id})"
                ),
                "indicator": "warning",
                "detail": f"**{_name(code).capitalize()}** is {inv.recommendation.replace('_', ' ')} "
                f"under *{profile.title}*: {inv.reason}\n\nSources: {_cite(inv.sources)}.\n\n"
                "*Decision support from a guideline profile; the clinician decides.*",
                "source": _source(assessment, profile),
                "overrideReasons": OVERRIDE_REASONS,
                "selectionBehavior": "at-most-one",
                "suggestions": [
                    {
                        "label": "Remove this draft order",
                        "uuid": str(uuid.uuid4()),
                        "actions": [
                            {
                                "type": "delete",
                                "description": f"Remove the draft order for {_name(code)}",
                                "resourceId": f"ServiceRequest/{order.get('id')}",
                            }
                        ],
                    }
                ],
            }
        )
    return {"cards": cards}
