"""The CDS Hooks services: discovery, `patient-view` and `order-select` (CDS Hooks 2.0).

Pure functions over the hook's context and the FHIR data the client prefetched (or we fetched):
the data become an rpl-couple/1 record through the FHIR import (lenient: a resource that cannot
be read is left out and reported), the core assesses it under the configured profile, and the
cards say what the assessment says, with its citations. "No card" means the data were read and
there is nothing to say: data that could not be read always give a card saying so.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
# Search results are read page by page (`link` `next`) up to this many pages per prefetch key.
MAX_PAGES = 20
# Where `gather` puts what could not be fetched (a key of the prefetch data, never a FHIR key).
READ_PROBLEMS = "_rpl_read_problems"
SHOWN_PROBLEMS = 10
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
    # Pregnancies recorded as diagnoses or procedures (codes.yaml `pregnancy_events`); ICD-10
    # categories cannot be listed as search codes, so every Condition and Procedure is asked for.
    "conditions": "Condition?patient={{context.patientId}}",
    "procedures": "Procedure?patient={{context.patientId}}",
}
# Keys without which the service still answers, saying what it could not read; without the
# others it answers 412, as the specification says.
OPTIONAL_PREFETCH = {"conditions", "procedures"}
SEARCH_KEYS = ("observations", "conditions", "procedures")
ENTRY_TYPES = {"Observation", "Condition", "Procedure"}

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


def follow_pages(
    data: JsonDict, fetch: Callable[[str], Any] | None, server: str | None
) -> list[str]:
    """Read the further pages of each search result (`link` `next`), at most MAX_PAGES per key,
    from `server` only (the EHR's token goes nowhere else). Returns what could not be read."""
    problems: list[str] = []
    for key in SEARCH_KEYS:
        bundle = data.get(key)
        pages = 1
        while isinstance(bundle, dict):
            following = next(
                (
                    link.get("url")
                    for link in bundle.get("link", [])
                    if isinstance(link, dict) and link.get("relation") == "next"
                ),
                None,
            )
            if not isinstance(following, str):
                break
            if fetch is None or not server:
                problems.append(f"{key}: only the first page was sent; the rest was not read")
                break
            if not following.startswith(server.rstrip("/") + "/"):
                problems.append(f"{key}: the next page is not on fhirServer; not read")
                break
            if pages >= MAX_PAGES:
                problems.append(f"{key}: more than {MAX_PAGES} pages; the rest was not read")
                break
            try:
                page = fetch(following)
            except (OSError, ValueError):
                problems.append(
                    f"{key}: page {pages + 1} could not be fetched; the rest was not read"
                )
                break
            if not isinstance(page, dict) or page.get("resourceType") != "Bundle":
                problems.append(f"{key}: page {pages + 1} is not a Bundle; the rest was not read")
                break
            bundle["entry"] = [*bundle.get("entry", []), *page.get("entry", [])]
            bundle["link"] = page.get("link", [])
            pages += 1
    return problems


def record_bundle(data: JsonDict, problems: list[str]) -> JsonDict | None:
    """The prefetched Patient, Observations, Conditions and Procedures as one Bundle for the
    FHIR import; what is not a search result of those types is reported in `problems`."""
    patient = data.get("patient")
    if not isinstance(patient, dict) or patient.get("resourceType") != "Patient":
        return None
    entries = [{"fullUrl": f"Patient/{patient.get('id', 'patient')}", "resource": patient}]
    seen: set[str] = set()
    for key in SEARCH_KEYS:
        search = data.get(key)
        if search is None:
            continue
        if not isinstance(search, dict) or search.get("resourceType") != "Bundle":
            problems.append(f"{key}: not a FHIR Bundle; not read")
            continue
        for index, entry in enumerate(search.get("entry", [])):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            kind = resource.get("resourceType") if isinstance(resource, dict) else None
            if kind == "OperationOutcome":
                problems.append(f"{key}: the FHIR server reported a problem with its search")
                continue
            if kind not in ENTRY_TYPES or not isinstance(resource, dict):
                continue  # included resources (_include) and the like are not ours to read
            address = entry.get("fullUrl") or f"{kind}/{resource.get('id', f'{key}-{index}')}"
            if address in seen:  # the same resource on two pages, or under two keys
                continue
            seen.add(address)
            entries.append({"fullUrl": address, "resource": resource})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


@dataclass
class PatientData:
    """The assessment of the EHR's data (None when no record could be made of them) and what
    could not be read or used on the way."""

    assessment: Assessment | None
    problems: list[str] = field(default_factory=list)  # could not be read
    unused: list[str] = field(default_factory=list)  # read but not counted (unconfirmed ...)
    notes: list[str] = field(default_factory=list)
    loss_history: list[str] = field(default_factory=list)
    pregnancies: int = 0


def assess_patient(data: JsonDict, profile: Profile, today: Any) -> PatientData:
    problems = list(data.get(READ_PROBLEMS) or [])
    bundle = record_bundle(data, problems)
    if bundle is None:
        return PatientData(None, [*problems, "the patient's Patient resource was not sent"])
    try:
        result = import_bundle(bundle, today=today, lenient=True)
    except RecordError as error:
        return PatientData(None, [*problems, *(str(p) for p in error.problems[:SHOWN_PROBLEMS])])
    unread = [line for line in result.attention if "not counted until confirmed" not in line]
    unconfirmed = [line for line in result.attention if line not in unread]
    return PatientData(
        assess(result.checked, profile),
        problems=problems + unread,
        unused=unconfirmed,
        notes=result.notes,
        loss_history=sorted({means for _, means in result.loss_history}),
        pregnancies=len(result.checked.record.pregnancies),
    )


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


def _listed(lines: Sequence[str]) -> list[str]:
    shown = [f"- {line}" for line in lines[:SHOWN_PROBLEMS]]
    if len(lines) > SHOWN_PROBLEMS:
        shown.append(f"- … and {len(lines) - SHOWN_PROBLEMS} more")
    return shown


def _reading_lines(data: PatientData) -> list[str]:
    """What could not be read or was not counted, for the end of a card's detail."""
    lines: list[str] = []
    if data.problems:
        lines += ["", "**Not read: this check may be incomplete**", "", *_listed(data.problems)]
    if data.unused:
        lines += ["", "**Recorded but not counted (not confirmed)**", "", *_listed(data.unused)]
    return lines


def _card(summary: str, indicator: str, detail: list[str], source: JsonDict) -> JsonDict:
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _fit(summary),
        "indicator": indicator,
        "detail": "\n".join(detail),
        "source": source,
    }


def unreadable_card(data: PatientData, what: str) -> JsonDict:
    """The card for "could not read": never an empty answer when the data were not read."""
    return _card(
        f"RPL Care could not read this patient's record: {what} not done",
        "warning",
        [
            f"RPL Care could not make a record of the data the EHR sent, so the {what} was not "
            "done. What stopped it (element paths, never values):",
            "",
            *_listed(data.problems or ["no usable data"]),
        ],
        {"label": "RPL Care"},
    )


def patient_view(
    context: JsonDict, data: PatientData, profile: Profile, launch_url: str | None = None
) -> JsonDict:
    assessment = data.assessment
    if assessment is None:
        return {"cards": [unreadable_card(data, "recurrent pregnancy loss check")]}
    c = assessment.classification
    patient_id = str(context.get("patientId", ""))
    source = _source(assessment, profile)
    links = [_smart_link(launch_url)] if launch_url else []
    if c.meets_definition is None:
        needs = sorted({u.needs.split(".")[-1].replace("_", " ") for u in c.undecided})
        if c.unknown_trimester_losses:
            needs.append(f"the trimester of {c.unknown_trimester_losses} losses")
        card = _card(
            f"May meet the {profile.id} definition of recurrent pregnancy loss: missing data decides",
            "info",
            [
                f"Under *{profile.title}*, {c.losses_counted} losses count "
                f"and {len(c.undecided)} pregnancies are undecided. "
                f"Missing: {', '.join(needs) or 'see the assessment'}. The definition: {c.definition}",
                *_reading_lines(data),
            ],
            source,
        )
        if links:
            card["links"] = links
        return {"cards": [card]}
    if c.meets_definition is not True:
        cards = []
        if data.pregnancies == 0 and data.loss_history:
            held = ", ".join(m.replace("_", " ") for m in data.loss_history)
            cards.append(
                _card(
                    "EHR records pregnancy loss but not the pregnancies: RPL Care cannot count them",
                    "info",
                    [
                        f"The EHR holds {held}, but no pregnancy could be read one by one "
                        "(outcome and date). Record the pregnancies to check the "
                        f"{profile.id} definition of recurrent pregnancy loss.",
                        *_reading_lines(data),
                    ],
                    source,
                )
            )
        elif data.problems or data.unused:
            cards.append(
                _card(
                    "RPL Care: some of this patient's data were not read; the check may be incomplete",
                    "info",
                    [
                        f"The definition of recurrent pregnancy loss under *{profile.title}* is "
                        f"not met with the data read ({c.losses_counted} losses counted).",
                        *_reading_lines(data),
                    ],
                    source,
                )
            )
        for card in cards:
            if links:
                card["links"] = links
        return {"cards": cards}
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
    lines += _reading_lines(data)
    lines += ["", "*Decision support from a guideline profile; the clinician decides.*"]
    card = _card(
        f"Meets the {profile.id} definition of recurrent pregnancy loss ({c.losses_counted} losses)",
        "info",
        lines,
        source,
    )
    if links:
        card["links"] = links
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


def _smart_link(url: str) -> JsonDict:
    """A link that launches the clinician assessment view as a SMART app (CDS Hooks 2.0,
    Link type `smart`: the EHR adds `launch` and `iss`)."""
    return {"label": "Open the RPL Care assessment", "url": url, "type": "smart"}


@dataclass(frozen=True)
class OrderHint:
    phrases: tuple[str, ...]
    unless: tuple[str, ...] = ()


def _words(text: str) -> str:
    """Lower case, every run of non-letters/digits one space, padded: ' insulin like '."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.lower())) + " "


@cache
def order_names() -> dict[str, OrderHint]:
    text = resources.files("rpl.interop.cdshooks").joinpath("order_names.yaml").read_text("utf-8")
    raw: dict[str, dict[str, list[str]]] = yaml.safe_load(text)
    return {
        code: OrderHint(
            tuple(_words(p).strip() for p in hint["phrases"]),
            tuple(_words(p).strip() for p in hint.get("unless", [])),
        )
        for code, hint in raw.items()
    }


def recognise_text(text: str) -> str | None:
    """Our investigation code for an order's words (the reviewed fallback), or None."""
    words = _words(text)
    for code, hint in order_names().items():
        if any(f" {phrase} " in words for phrase in hint.unless):
            continue
        if any(f" {phrase} " in words for phrase in hint.phrases):
            return code
    return None


def recognise_order(order: JsonDict) -> str | None:
    """Our investigation code for a draft ServiceRequest, or None: by RPL Care's own code, then
    by a LOINC code of codes.yaml, then by the reviewed words of order_names.yaml."""
    concept = order.get("code", {})
    codings = concept.get("coding", [])
    for coding in codings:
        if coding.get("system") == local("investigation"):
            return str(coding.get("code"))
    tables = code_tables()
    by_loinc = {c.code: name for name, c in tables.investigations.items()}
    for coding in codings:
        if coding.get("system") == LOINC and coding.get("code") in by_loinc:
            return by_loinc[coding["code"]]
    text = " ".join([concept.get("text", ""), *(c.get("display", "") for c in codings)])
    return recognise_text(text)


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


def order_select(context: JsonDict, data: PatientData, profile: Profile) -> JsonDict:
    assessment = data.assessment
    if assessment is None:
        # Only orders we would have checked get the "could not read" card.
        checked = [o for o in selected_service_requests(context) if recognise_order(o)]
        return {"cards": [unreadable_card(data, "order check")] if checked else []}
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
