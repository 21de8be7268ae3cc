"""A FHIR R4 Bundle into an `rpl-couple/1` record, reporting what could not be mapped.

Reads Bundles this module exports (every record field comes back) and foreign ones as EHRs hold
them: a female Patient; pregnancies from per-pregnancy outcome Observations (LOINC 63893-2),
from Conditions and Procedures that say how a pregnancy ended (SNOMED CT, ICD-10; codes.yaml
`pregnancy_events`), or from the IPS pregnancy-count Observations; pregnancy status (SNOMED CT
or LOINC answers); smoking status; vital signs; and lab Observations recognised by LOINC
(codes.yaml `tests`). Status is honoured: an Observation `entered-in-error`, `cancelled` or
`registered`, a Condition `refuted`, `entered-in-error` or not confirmed, a Procedure not
`completed` is not used and is listed in `skipped`. Anything else is listed in `unmapped`, by
the resource's address and code, never its values. The assessment resources of an exported
Bundle (Condition, ServiceRequest, CarePlan, Provenance, Device, findings) are results, not
input: they are skipped, and the assessment is recomputed from the record.

`lenient=True` (CDS Hooks, SMART): a resource that is not valid FHIR, or a value the record
refuses, is left out and reported in `skipped` instead of refusing the whole Bundle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from rpl.core.gestation import GestationalAge
from rpl.core.parsing import (
    CheckedRecord,
    Problem,
    RecordError,
    format_path,
    load_json,
    parse_record,
    problems_from_validation_error,
)
from rpl.interop.fhir import vocab
from rpl.interop.fhir.codes import LOINC, SNOMED, SystemCode, code_tables, local

JsonDict = dict[str, Any]
DERIVED_LOCAL_KINDS = {"finding", "prognosis", "triage"}
SKIPPED_TYPES = {"Condition", "ServiceRequest", "CarePlan", "Provenance", "Device"}
# The frame of a FHIR document: it holds no data of its own beyond the entries it lists.
FRAME_TYPES = {"Composition"}
# Statuses whose resource says nothing usable (FHIR R4 observation-status, condition-ver-status,
# event-status value sets).
UNUSABLE_OBSERVATION = {"entered-in-error", "cancelled", "registered"}
REFUTED_CONDITION = {"entered-in-error", "refuted"}
UNCONFIRMED_CONDITION = {"unconfirmed", "provisional", "differential"}
# Resources about one pregnancy ending (a miscarriage Condition, a "complete miscarriage"
# Condition, the procedure that treated it) lie days or weeks apart; two pregnancy losses cannot
# end within 30 days of each other, so events this close are one pregnancy.
SAME_PREGNANCY_DAYS = 30
# A "pregnant" status older than 42 weeks cannot still be the current pregnancy.
STALE_PREGNANT_DAYS = 42 * 7
# When resources about one pregnancy disagree, the outcome that excludes the others wins (an
# ectopic is also coded "miscarriage in first trimester" by some systems).
OUTCOME_PRIORITY = ["ectopic", "molar", "stillbirth", "miscarriage", "induced_abortion"]
RECORD_FIX_ROUNDS = 10


@dataclass
class ImportResult:
    checked: CheckedRecord
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # What the EHR says about losses without listing the pregnancies ("recurrent_miscarriage",
    # "miscarriage_history"), by the resource's address.
    loss_history: list[tuple[str, str]] = field(default_factory=list)
    # The part of `skipped` that may change the answer: what could not be read (not valid FHIR,
    # a value the record refuses) and diagnoses not yet confirmed.
    attention: list[str] = field(default_factory=list)

    @property
    def document(self) -> JsonDict:
        document: JsonDict = self.checked.record.model_dump(mode="json", exclude_none=True)
        return document


def _codings(concept: JsonDict | None) -> list[JsonDict]:
    return list((concept or {}).get("coding", []))


def _code_in(concept: JsonDict | None, system: str) -> str | None:
    for item in _codings(concept):
        if item.get("system") == system and item.get("code"):
            return str(item["code"])
    return None


def _system_codes(concept: JsonDict | None) -> Iterator[tuple[str, str]]:
    """(system key, code) for each coding whose system is one of codes.yaml's `systems`."""
    tables = code_tables()
    for item in _codings(concept):
        key = tables.system_key(item.get("system"))
        if key is not None and item.get("code"):
            yield key, str(item["code"])


def _match[T: SystemCode](concept: JsonDict | None, table: list[T]) -> T | None:
    for key, code in _system_codes(concept):
        for entry in table:
            if entry.matches(key, code):
                return entry
    return None


def _local_code(concept: JsonDict | None, kind: str) -> str | None:
    return _code_in(concept, local(kind))


def _describe(concept: JsonDict | None) -> str:
    shown = [f"{c.get('system', '?')}|{c.get('code', '?')}" for c in _codings(concept)]
    return ", ".join(shown) or "no coding"


def _date(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


def _ga(days: Any) -> str | None:
    if isinstance(days, int | float) and days == int(days):
        return str(GestationalAge(int(days)))
    return None


def _components(resource: JsonDict) -> Iterator[tuple[JsonDict, JsonDict]]:
    for component in resource.get("component", []):
        yield component.get("code", {}), component


def _reference_key(reference: str) -> str:
    """`Type/id` of a reference given relative, absolute or versioned
    (`https://ehr.example/fhir/Patient/7/_history/2` -> `Patient/7`)."""
    reference = reference.split("/_history/")[0].rstrip("/")
    parts = reference.split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 else reference


class _Reader:
    def __init__(self, bundle: JsonDict) -> None:
        self.bundle = bundle
        self.unmapped: list[str] = []
        self.notes: list[str] = []
        self.skipped: list[str] = []
        self.attention: list[str] = []
        self.entries: list[tuple[str, JsonDict]] = []
        self.addresses: dict[str, str] = {}
        for index, entry in enumerate(bundle.get("entry", [])):
            resource = entry.get("resource")
            if not isinstance(resource, dict):
                continue
            address = entry.get("fullUrl") or f"entry[{index}]"
            self.entries.append((address, resource))
            if resource.get("id"):
                self.addresses[f"{resource['resourceType']}/{resource['id']}"] = address
            self.addresses[address] = address
            if not address.startswith("urn:"):
                self.addresses.setdefault(_reference_key(address), address)
        self.roles: dict[str, str] = {}  # address -> woman | partner
        self.tables = code_tables()
        self.loinc_tests = {c.code: test for test, c in self.tables.tests.items()}
        for test, synonyms in self.tables.test_synonyms.items():
            self.loinc_tests |= {c.code: test for c in synonyms}
        self.snomed_outcomes = {c.code: outcome for outcome, c in self.tables.outcomes.items()}
        self.count_codes = {c.code: c for c in self.tables.counts}

    def where(self, address: str, resource: JsonDict) -> str:
        return f"{resource.get('resourceType')} {address}"

    def resolve(self, reference: str) -> str | None:
        """The address of the entry a reference points to, or None when it is not here. A
        `urn:uuid` reference also finds the resource whose id is that uuid (a server that
        stored a transaction keeps the ids and drops the urn)."""
        found = self.addresses.get(reference) or self.addresses.get(_reference_key(reference))
        if found is None and reference.startswith("urn:uuid:"):
            wanted = reference.removeprefix("urn:uuid:")
            found = next(
                (a for key, a in self.addresses.items() if key.split("/")[-1] == wanted), None
            )
        return found

    def unresolved(self, resource: JsonDict) -> bool:
        subject = resource.get("subject") or resource.get("patient") or {}
        reference = subject.get("reference")
        return reference is not None and self.resolve(reference) is None

    def find_people(self) -> None:
        patients = [(a, r) for a, r in self.entries if r.get("resourceType") == "Patient"]
        for address, patient in patients:
            role = _code_in({"coding": patient.get("meta", {}).get("tag", [])}, vocab.ROLE_SYSTEM)
            if role in ("woman", "partner"):
                self.roles[address] = role
        if "woman" not in self.roles.values():
            female = [a for a, p in patients if p.get("gender") == "female"]
            chosen = female[:1] or [a for a, _ in patients][:1]
            for address in chosen:
                self.roles[address] = "woman"
                if len(patients) > 1:
                    self.notes.append(f"Patient {address} taken as the woman of the couple")
        for address, patient in patients:
            if address not in self.roles:
                self.unmapped.append(f"{self.where(address, patient)}: a third person")

    def role_of(self, resource: JsonDict) -> str | None:
        subject = resource.get("subject") or resource.get("patient") or {}
        reference = subject.get("reference")
        if reference is None:
            return "woman" if len(self.roles) <= 1 else None
        resolved = self.resolve(reference)
        return self.roles.get(resolved) if resolved else None


def _person_fields(reader: _Reader, resource: JsonDict, person: JsonDict) -> bool:
    code = resource.get("code")
    field_name = _local_code(code, "person")
    if field_name is None:
        for name, standard in reader.tables.person.items():
            if _code_in(code, LOINC) == standard.code:
                field_name = name
    if field_name is None:
        return False
    if field_name in vocab.PERSON_QUANTITIES:
        value = resource.get("valueQuantity", {}).get("value")
        unit = resource.get("valueQuantity", {}).get("code")
        expected = vocab.PERSON_QUANTITIES[field_name][0]
        if value is None or (unit is not None and unit != expected):
            return False
        person[field_name] = value
    elif field_name in vocab.PERSON_CODES:
        concept = resource.get("valueCodeableConcept")
        value = _local_code(concept, vocab.PERSON_CODES[field_name])
        if value is None and field_name == "smoking":
            smoking = _match(concept, reader.tables.smoking_values)
            value = smoking.smoking if smoking else None
        if value is None:
            return False
        person[field_name] = value
    elif field_name in vocab.WOMAN_LISTS:
        kind = vocab.WOMAN_LISTS[field_name]
        items = [_local_code(code, kind) for code, _ in _components(resource)]
        if None in items:
            return False
        person[field_name] = items
    else:
        return False
    return True


def _pregnancy(resource: JsonDict) -> tuple[JsonDict | None, int | None]:
    value = resource.get("valueCodeableConcept")
    outcome = _local_code(value, "outcome")
    if outcome is None:
        outcome = code_tables_snomed_outcome(_code_in(value, SNOMED))
    if outcome is None:
        return None, None
    pregnancy: JsonDict = {"outcome": outcome}
    if date := _date(resource.get("effectiveDateTime")):
        pregnancy["end_date"] = date
    number = None
    for code, component in _components(resource):
        name = _local_code(code, "pregnancy")
        if name == "number":
            number = component.get("valueInteger")
        elif name == "gestational_age":
            pregnancy["gestational_age"] = _ga(component.get("valueQuantity", {}).get("value"))
        elif name in vocab.PREGNANCY_CODES:
            kind = vocab.PREGNANCY_CODES[name]
            pregnancy[name] = _local_code(component.get("valueCodeableConcept"), kind)
        elif name == "same_partner":
            pregnancy["same_partner"] = component.get("valueBoolean")
        elif name == "tissue_genetics":
            concept = component.get("valueCodeableConcept", {})
            tissue: JsonDict = {"result": _local_code(concept, "tissue-genetics")}
            if concept.get("text"):
                tissue["detail"] = concept["text"]
            pregnancy["tissue_genetics"] = tissue
        elif feature := _local_code(code, "pregnancy-feature"):
            pregnancy.setdefault("features", []).append(feature)
    return pregnancy, number


def code_tables_snomed_outcome(code: str | None) -> str | None:
    if code is None:
        return None
    return {c.code: o for o, c in code_tables().outcomes.items()}.get(code)


def _pregnancy_status(resource: JsonDict) -> str | None:
    """pregnant | not_pregnant | unknown from a pregnancy-status Observation's value."""
    concept = resource.get("valueCodeableConcept")
    standard = _match(concept, code_tables().pregnancy_status_values)
    return standard.status if standard else None


def _current_pregnancy(resource: JsonDict) -> JsonDict:
    current: JsonDict = {}
    for code, component in _components(resource):
        name = _local_code(code, "pregnancy")
        if name == "gestational_age":
            current["gestational_age"] = _ga(component.get("valueQuantity", {}).get("value"))
        elif name in vocab.CURRENT_PREGNANCY_CODES:
            kind = vocab.CURRENT_PREGNANCY_CODES[name]
            current[name] = _local_code(component.get("valueCodeableConcept"), kind)
        elif name == "fetal_heartbeat":
            current["fetal_heartbeat"] = component.get("valueBoolean")
        elif symptom := _local_code(code, "pregnancy-symptom"):
            current.setdefault("symptoms", []).append(symptom)
    return current


def _result(reader: _Reader, resource: JsonDict, role: str) -> JsonDict | None:
    code = resource.get("code")
    test = _local_code(code, "test") or reader.loinc_tests.get(_code_in(code, LOINC) or "")
    if test is None:
        return None
    result: JsonDict = {"test": test}
    if date := _date(resource.get("effectiveDateTime")):
        result["date"] = date
    if "valueQuantity" in resource:
        quantity = resource["valueQuantity"]
        result["value"] = quantity.get("value")
        if quantity.get("unit") or quantity.get("code"):
            result["unit"] = quantity.get("unit") or quantity.get("code")
    elif "valueString" in resource:
        result["value"] = resource["valueString"]
    elif "valueCodeableConcept" in resource:
        concept = resource["valueCodeableConcept"]
        words = concept.get("text") or next(
            (c.get("display") for c in _codings(concept) if c.get("display")), None
        )
        if words:
            result["value"] = str(words).strip().lower()
    ranges = resource.get("referenceRange", [])
    if ranges and isinstance(ranges[0].get("text"), str):
        result["reference_range"] = ranges[0]["text"]
    elif ranges and ("value" in ranges[0].get("low", {}) or "value" in ranges[0].get("high", {})):
        result["reference_range"] = [
            ranges[0].get("low", {}).get("value"),
            ranges[0].get("high", {}).get("value"),
        ]
    if method := _local_code(resource.get("method"), "imaging-method"):
        result["method"] = method
    interpretations = resource.get("interpretation", [])
    if interpretations and interpretations[0].get("text"):
        result["interpretation"] = interpretations[0]["text"]
    if role == "partner":
        result["subject"] = "partner"
    for component_code, component in _components(resource):
        name = _local_code(component_code, "result")
        if name == "unit":
            result["unit"] = component.get("valueString")
        elif name == "subject":
            result["subject"] = _local_code(component.get("valueCodeableConcept"), "subject")
        elif name == "measurements":
            result.setdefault("measurements", {})
        elif key := _local_code(component_code, "measurement"):
            result.setdefault("measurements", {})[key] = component.get("valueQuantity", {}).get(
                "value"
            )
    return result


def _pregnancies_from_counts(counts: dict[str, int]) -> list[JsonDict]:
    """Pregnancies rebuilt from IPS count Observations alone: outcomes only, order unknown."""
    live = counts.get("11636-8", 0)
    still = max(counts.get("11640-0", live) - live, 0)
    spontaneous = counts.get("11614-5", 0)
    induced = counts.get("11613-7", 0)
    if "11614-5" not in counts and "11612-9" in counts:
        spontaneous = max(counts["11612-9"] - induced, 0)
    ectopic = counts.get("33065-4", 0)
    outcomes = (
        ["live_birth"] * live
        + ["stillbirth"] * still
        + ["induced_abortion"] * induced
        + ["ectopic"] * ectopic
        + ["miscarriage"] * spontaneous
    )
    return [{"outcome": outcome} for outcome in outcomes]


def _null_properties(value: Any, loc: tuple[int | str, ...] = ()) -> Iterator[Problem]:
    """FHIR JSON properties never have null values (HL7 FHIR R4, JSON representation, "JSON
    representation of primitive elements"): the validator reads a null as absent, and the
    mapping below relies on every present property having a value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None:
                yield Problem(
                    f"bundle.{format_path((*loc, key))}",
                    "a FHIR property may not be null (leave it out instead)",
                )
            else:
                yield from _null_properties(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _null_properties(item, (*loc, index))


def _bundle_problems(exc: ValidationError, prefix: str = "bundle") -> list[Problem]:
    return [
        Problem(f"{prefix}.{p.path}" if p.path != "record" else prefix, p.message)
        for p in problems_from_validation_error(exc)
    ]


def _validate_fhir(data: Any) -> JsonDict:
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise RecordError([Problem("bundle", "expected a FHIR Bundle (resourceType Bundle)")])
    nulls = list(_null_properties(data))
    if nulls:
        raise RecordError(nulls[:20])
    try:
        Bundle.model_validate(data)
    except (TypeError, KeyError, AttributeError) as exc:
        # fhir.resources raises these, not a ValidationError, for some malformed resources
        # (a resourceType that is not text); their messages may quote the input, so none is kept.
        raise RecordError(
            [Problem("bundle", "not a valid FHIR R4 Bundle (a resource could not be read)")]
        ) from exc
    except ValidationError as exc:
        raise RecordError(_bundle_problems(exc)) from exc
    return data


def _resource_problem(resource: Any) -> str | None:
    """Why one resource is not valid FHIR R4 (its element paths, never its values), or None."""
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        return "not a FHIR resource"
    nulls = list(_null_properties(resource))
    if nulls:
        return "; ".join(f"{p.path.removeprefix('bundle.')}: {p.message}" for p in nulls[:3])
    try:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            problems = _bundle_problems(exc, "resource")
            return "; ".join(str(p) for p in problems[:3])
        return "not a FHIR R4 resource type"
    return None


def _validate_leniently(data: Any, skipped: list[str]) -> JsonDict:
    """The Bundle with every resource that is not valid FHIR R4 left out (and reported). An
    invalid Patient is kept as an empty Patient, so that what refers to it still finds it."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise RecordError([Problem("bundle", "expected a FHIR Bundle (resourceType Bundle)")])
    entries = data.get("entry")
    kept: list[JsonDict] = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            skipped.append(f"entry[{index}]: not a Bundle entry")
            continue
        resource = entry.get("resource")
        problem = _resource_problem(resource)
        address = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
        address = address or f"entry[{index}]"
        if problem is None:
            kept.append({"fullUrl": address, "resource": resource})
            continue
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        skipped.append(f"{kind or 'resource'} {address}: not valid FHIR R4 ({problem}); left out")
        if kind == "Patient" and isinstance(resource, dict):
            stub: JsonDict = {"resourceType": "Patient"}
            if isinstance(resource.get("id"), str):
                stub["id"] = resource["id"]
            kept.append({"fullUrl": address, "resource": stub})
    bundle: JsonDict = {"resourceType": "Bundle", "entry": kept}
    for key in ("identifier", "meta", "timestamp"):
        alone = {"resourceType": "Bundle", "type": "collection", key: data.get(key)}
        if key in data and _resource_problem(alone) is None:
            bundle[key] = data[key]
    return bundle


@dataclass
class _Event:
    """One resource saying how a pregnancy ended."""

    outcome: str
    date: str | None
    address: str
    pregnancy: JsonDict  # what the resource gives (outcome, end date, details)
    position: int


def _event_date(resource: JsonDict) -> str | None:
    """When a Condition's or Procedure's event happened (never the date it was recorded)."""
    for key in ("onsetDateTime", "performedDateTime", "abatementDateTime"):
        if date := _date(resource.get(key)):
            return date
    for key in ("onsetPeriod", "performedPeriod"):
        period = resource.get(key) or {}
        if date := _date(period.get("end")) or _date(period.get("start")):
            return date
    return None


def _merge_events(events: list[_Event], notes: list[str]) -> list[JsonDict]:
    """Foreign pregnancy events -> pregnancies: events within SAME_PREGNANCY_DAYS of the first
    of a group are one pregnancy. An undated event counts only when no dated event has its
    outcome (it may repeat one of them otherwise; the report says so)."""
    dated = sorted((e for e in events if e.date), key=lambda e: (e.date or "", e.position))
    groups: list[list[_Event]] = []
    for event in dated:
        if groups:
            first = dt.date.fromisoformat(groups[-1][0].date or "")
            if (dt.date.fromisoformat(event.date or "") - first).days <= SAME_PREGNANCY_DAYS:
                groups[-1].append(event)
                continue
        groups.append([event])
    pregnancies: list[JsonDict] = []
    for group in groups:
        outcomes = [e.outcome for e in group]
        outcome = min(
            outcomes,
            key=lambda o: (
                OUTCOME_PRIORITY.index(o) if o in OUTCOME_PRIORITY else len(OUTCOME_PRIORITY)
            ),
        )
        pregnancy: JsonDict = {}
        for event in group:  # the per-pregnancy Observation's details first, then the rest
            for key, value in event.pregnancy.items():
                pregnancy.setdefault(key, value)
        pregnancy["outcome"] = outcome
        pregnancy["end_date"] = max(e.date for e in group if e.date)
        pregnancies.append(pregnancy)
        if len(group) > 1:
            addresses = ", ".join(e.address for e in group)
            different = sorted(set(outcomes) - {outcome})
            also = f"; also coded {', '.join(different)}" if different else ""
            notes.append(
                f"{addresses}: taken as one pregnancy ({outcome}{also}), being within "
                f"{SAME_PREGNANCY_DAYS} days of each other"
            )
    seen = {e.outcome for e in dated}
    for event in (e for e in events if not e.date):
        if event.outcome in seen:
            notes.append(
                f"{event.address}: a {event.outcome} without a date may repeat a dated one; "
                "not counted (give its date to count it)"
            )
            continue
        pregnancies.append({**event.pregnancy, "outcome": event.outcome})
    return pregnancies


def _count_expectations(counts: dict[str, int]) -> dict[str, int]:
    """How many pregnancies of each outcome the IPS count Observations say there were."""
    expected: dict[str, int] = {}
    if "11636-8" in counts:
        expected["live_birth"] = counts["11636-8"]
    if "11640-0" in counts and "11636-8" in counts:
        expected["stillbirth"] = max(counts["11640-0"] - counts["11636-8"], 0)
    if "11613-7" in counts:
        expected["induced_abortion"] = counts["11613-7"]
    if "11614-5" in counts:
        expected["miscarriage"] = counts["11614-5"]
    elif "11612-9" in counts:
        expected["miscarriage"] = max(counts["11612-9"] - counts.get("11613-7", 0), 0)
    if "33065-4" in counts:
        expected["ectopic"] = counts["33065-4"]
    return expected


def _reconcile_counts(
    pregnancies: list[JsonDict], counts: dict[str, int], notes: list[str]
) -> list[JsonDict]:
    """Individual pregnancies first; when the counts say there were more of an outcome (losses
    from before the EHR, say), the missing ones are added, undated, before the dated ones."""
    added: list[JsonDict] = []
    for outcome, expected in _count_expectations(counts).items():
        found = sum(1 for p in pregnancies if p["outcome"] == outcome)
        if expected > found:
            added += [{"outcome": outcome}] * (expected - found)
            notes.append(
                f"the count Observations give {expected} {outcome} but {found} were found one by "
                f"one: {expected - found} added without dates, listed first"
            )
        elif expected < found:
            notes.append(
                f"the count Observations give {expected} {outcome} but {found} were found one by "
                "one: the individual pregnancies are used"
            )
    return added + pregnancies


def _drop(document: JsonDict, path: str) -> bool:
    """Remove the value at a record path (`woman.bmi`, `pregnancies[2].end_date`); False when
    the path does not lead anywhere."""
    parts: list[str | int] = []
    for piece in path.replace("]", "").replace("[", ".").split("."):
        if piece:
            parts.append(int(piece) if piece.isdigit() else piece)
    target: Any = document
    for part in parts[:-1]:
        try:
            target = target[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = parts[-1] if parts else None
    if isinstance(target, dict) and last in target:
        del target[last]
        return True
    if isinstance(target, list) and isinstance(last, int) and last < len(target):
        del target[last]
        return True
    return False


def _parse(document: JsonDict, today: dt.date, lenient: bool, skipped: list[str]) -> CheckedRecord:
    """The record; leniently, each value the record refuses is left out and reported."""
    for _ in range(RECORD_FIX_ROUNDS):
        try:
            return parse_record(document, today=today)
        except RecordError as error:
            if not lenient:
                raise
            dropped = [p for p in error.problems if p.path not in ("record", "id", "format")]
            if not dropped or not all(_drop(document, p.path) for p in dropped):
                raise
            skipped += [f"record {p.path}: {p.message}; left out" for p in dropped]
    return parse_record(document, today=today)


def import_bundle(
    source: str | bytes | JsonDict, today: dt.date, lenient: bool = False
) -> ImportResult:
    """Read a Bundle; raise RecordError if it is not valid FHIR or gives no valid record
    (leniently: only when nothing usable is left)."""
    data = source if isinstance(source, dict) else load_json(source)
    skipped: list[str] = []
    bundle = _validate_leniently(data, skipped) if lenient else _validate_fhir(data)
    reader = _Reader(bundle)
    reader.skipped = skipped
    reader.attention = list(skipped)  # every resource left out could not be read
    reader.find_people()
    identifier = bundle.get("identifier", {})
    ours = bool(identifier.get("system") == vocab.RECORD_ID_SYSTEM and identifier.get("value"))
    people: dict[str, JsonDict] = {"woman": {}, "partner": {}}
    numbered: list[tuple[tuple[int, str, int], JsonDict]] = []
    events: list[_Event] = []
    counts: dict[str, int] = {}
    statuses: list[
        tuple[str, int, str, JsonDict, str]
    ] = []  # date, position, status, resource, where
    results: list[JsonDict] = []
    loss_history: list[tuple[str, str]] = []
    current_details: JsonDict | None = None
    for position, (address, resource) in enumerate(reader.entries):
        kind = resource.get("resourceType")
        where = reader.where(address, resource)
        if kind == "Patient":
            role = reader.roles.get(address)
            if role and resource.get("birthDate"):
                people[role]["birth_date"] = resource["birthDate"]
            continue
        if (ours and kind in SKIPPED_TYPES) or kind in FRAME_TYPES:
            continue
        if kind in ("Condition", "Procedure"):
            _condition_or_procedure(reader, address, resource, position, events, loss_history)
            continue
        if kind != "Observation":
            reader.unmapped.append(f"{where}: resource type not mapped")
            continue
        code = resource.get("code")
        if any(_code_in(code, local(derived)) for derived in DERIVED_LOCAL_KINDS):
            continue
        status = resource.get("status")
        if status in UNUSABLE_OBSERVATION:
            reader.skipped.append(f"{where}: status {status}; not used")
            continue
        role = reader.role_of(resource)
        if role is None and reader.unresolved(resource):
            line = f"{where}: its subject reference is not to a Patient in the data; not read"
            reader.skipped.append(line)
            reader.attention.append(line)
            continue
        if role is None:
            reader.unmapped.append(f"{where}: its subject is not the couple")
            continue
        loinc = _code_in(code, LOINC)
        if _local_code(code, "pregnancy") == "current" and role == "woman":
            current_details = resource  # ours: the current pregnancy beside its IPS status
            continue
        if _local_code(code, "person") or loinc in {c.code for c in reader.tables.person.values()}:
            if not _person_fields(reader, resource, people[role]):
                reader.unmapped.append(f"{where}: value of {_describe(code)} not mapped")
            continue
        if loinc == reader.tables.pregnancy_outcome.code and role == "woman":
            pregnancy, number = _pregnancy(resource)
            if pregnancy is None:
                reader.unmapped.append(
                    f"{where}: pregnancy outcome {_describe(resource.get('valueCodeableConcept'))} not mapped"
                )
            elif ours or number is not None:
                # Ours carry their number; go by it, then date (undated last), then order.
                key = (
                    number if number is not None else 10**6,
                    pregnancy.get("end_date") or "9999",
                    position,
                )
                numbered.append((key, pregnancy))
            else:
                events.append(
                    _Event(
                        pregnancy["outcome"], pregnancy.get("end_date"), where, pregnancy, position
                    )
                )
            continue
        if loinc in reader.count_codes and role == "woman":
            value = resource.get("valueInteger", resource.get("valueQuantity", {}).get("value"))
            if isinstance(value, int | float):
                counts[loinc] = int(value)
            continue
        if loinc == reader.tables.pregnancy_status.code and role == "woman":
            state = _pregnancy_status(resource)
            if state is None:
                reader.unmapped.append(
                    f"{where}: pregnancy status {_describe(resource.get('valueCodeableConcept'))} not mapped"
                )
            else:
                date = _date(resource.get("effectiveDateTime")) or ""
                statuses.append((date, position, state, resource, where))
            continue
        result = _result(reader, resource, role)
        if result is None:
            reader.unmapped.append(f"{where}: code {_describe(code)} not mapped")
        else:
            results.append(result)

    pregnancies = _pregnancies(reader, numbered, events, counts)
    current = _current(reader, statuses, pregnancies, today, ours)
    if current is not None and current_details is not None:
        current = _current_pregnancy(current_details)
    if not pregnancies and loss_history:
        reader.notes.append(
            "the EHR records "
            + ", ".join(sorted({means.replace("_", " ") for _, means in loss_history}))
            + " but no pregnancy could be read one by one: the losses cannot be counted"
        )
    # The record's profile and flags: on the Bundle, and on the woman's Patient (NDJSON has no
    # Bundle to carry them).
    woman_tags = [
        tag
        for address, resource in reader.entries
        if reader.roles.get(address) == "woman"
        for tag in resource.get("meta", {}).get("tag", [])
    ]
    tags = {"coding": [*bundle.get("meta", {}).get("tag", []), *woman_tags]}
    document: JsonDict = {
        "format": "rpl-couple/1",
        "id": identifier["value"] if ours else "imported-fhir-bundle",
        "woman": people["woman"],
        "pregnancies": pregnancies,
        "results": results,
    }
    if not ours:
        reader.notes.append(
            "the Bundle has no RPL Care record id; the record's id is a placeholder"
        )
    if profile := _code_in(tags, vocab.RECORD_PROFILE_SYSTEM):
        document["profile"] = profile
    pinned = ours and _code_in(tags, vocab.BUNDLE_FLAG_SYSTEM) != vocab.ASSESSED_ON_OPEN
    stamp = _date(bundle.get("timestamp")) or _code_in(tags, vocab.ASSESSED_ON_SYSTEM)
    if pinned and stamp:
        document["assessed_on"] = stamp
    if any(role == "partner" for role in reader.roles.values()):
        document["partner"] = people["partner"]
    if current is not None:
        document["current_pregnancy"] = current
    before = len(reader.skipped)
    checked = _parse(document, today, lenient, reader.skipped)
    reader.attention += reader.skipped[before:]
    return ImportResult(
        checked=checked,
        unmapped=reader.unmapped,
        notes=reader.notes,
        skipped=reader.skipped,
        loss_history=loss_history,
        attention=reader.attention,
    )


def _condition_or_procedure(
    reader: _Reader,
    address: str,
    resource: JsonDict,
    position: int,
    events: list[_Event],
    loss_history: list[tuple[str, str]],
) -> None:
    where = reader.where(address, resource)
    code = resource.get("code")
    event = _match(code, reader.tables.pregnancy_events)
    history = None if event else _match(code, reader.tables.loss_history)
    if event is None and history is None:
        reader.unmapped.append(f"{where}: code {_describe(code)} not mapped")
        return
    if reader.unresolved(resource):
        line = f"{where}: its subject reference is not to a Patient in the data; not read"
        reader.skipped.append(line)
        reader.attention.append(line)
        return
    if reader.role_of(resource) != "woman":
        reader.unmapped.append(f"{where}: its subject is not the woman of the couple")
        return
    if resource["resourceType"] == "Condition":
        verification = _code_in(
            resource.get("verificationStatus"),
            "http://terminology.hl7.org/CodeSystem/condition-ver-status",
        )
        if verification in REFUTED_CONDITION:
            reader.skipped.append(f"{where}: verification status {verification}; not used")
            return
        if verification in UNCONFIRMED_CONDITION:
            line = f"{where}: verification status {verification}; not counted until confirmed"
            reader.skipped.append(line)
            reader.attention.append(line)
            return
    elif resource.get("status") != "completed":
        reader.skipped.append(f"{where}: status {resource.get('status')}; not counted")
        return
    if history is not None:
        loss_history.append((where, history.means))
        return
    assert event is not None  # noqa: S101  # one of the two matched above
    date = _event_date(resource)
    pregnancy: JsonDict = {"outcome": event.outcome}
    if date:
        pregnancy["end_date"] = date
    events.append(_Event(event.outcome, date, where, pregnancy, position))


def _pregnancies(
    reader: _Reader,
    numbered: list[tuple[tuple[int, str, int], JsonDict]],
    events: list[_Event],
    counts: dict[str, int],
) -> list[JsonDict]:
    if numbered:
        pregnancies = [p for _, p in sorted(numbered, key=lambda item: item[0])]
        if counts:
            reader.notes.append("count Observations ignored: per-pregnancy outcomes were present")
        if events:  # numbered pregnancies are a complete list made by RPL Care
            reader.notes.append(
                f"{len(events)} other pregnancy resources ignored: the Bundle numbers its pregnancies"
            )
        return pregnancies
    if events:
        merged = _merge_events(events, reader.notes)
        return _reconcile_counts(merged, counts, reader.notes) if counts else merged
    pregnancies = _pregnancies_from_counts(counts)
    if pregnancies:
        reader.notes.append(
            "pregnancies rebuilt from count Observations only: their order, dates and "
            "gestational ages are unknown (births listed first, losses last)"
        )
    return pregnancies


def _current(
    reader: _Reader,
    statuses: list[tuple[str, int, str, JsonDict, str]],
    pregnancies: list[JsonDict],
    today: dt.date,
    ours: bool,
) -> JsonDict | None:
    """The current pregnancy from the latest pregnancy-status Observation, when it says
    pregnant and nothing later ended that pregnancy."""
    if not statuses:
        return None
    date, _, state, resource, where = max(statuses, key=lambda item: (item[0], item[1]))
    if len(statuses) > 1:
        reader.notes.append(f"pregnancy status taken from the latest one, {where}")
    if state != "pregnant":
        if state == "unknown":
            reader.notes.append(f"{where}: pregnancy status unknown")
        return None
    if not ours and date:
        ended = [p for p in pregnancies if (p.get("end_date") or "") >= date]
        if ended:
            reader.notes.append(
                f"{where}: the pregnancy it reports has ended since; no current pregnancy"
            )
            return None
        if (today - dt.date.fromisoformat(date)).days > STALE_PREGNANT_DAYS:
            reader.notes.append(
                f"{where}: 'pregnant' recorded more than 42 weeks ago; not taken as a current pregnancy"
            )
            return None
    return _current_pregnancy(resource)
