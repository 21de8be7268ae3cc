"""A FHIR R4 Bundle into an `rpl-couple/1` record, reporting what could not be mapped.

Reads Bundles this module exports (every record field comes back) and foreign ones in the IPS
style: a female Patient, per-pregnancy outcome Observations (LOINC 63893-2 with SNOMED CT
outcomes) or only the pregnancy-count Observations, pregnancy status, and lab Observations
recognised by LOINC (codes.yaml `tests`). Anything else is listed in `unmapped`, by the
resource's address and code, never its values. The assessment resources of an exported Bundle
(Condition, ServiceRequest, CarePlan, Provenance, Device, findings) are results, not input:
they are skipped, and the assessment is recomputed from the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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
from rpl.interop.fhir.codes import LOINC, SNOMED, code_tables, local

JsonDict = dict[str, Any]
DERIVED_LOCAL_KINDS = {"finding", "prognosis", "triage"}
SKIPPED_TYPES = {"Condition", "ServiceRequest", "CarePlan", "Provenance", "Device"}


@dataclass
class ImportResult:
    checked: CheckedRecord
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

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


class _Reader:
    def __init__(self, bundle: JsonDict) -> None:
        self.bundle = bundle
        self.unmapped: list[str] = []
        self.notes: list[str] = []
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
        self.roles: dict[str, str] = {}  # address -> woman | partner
        self.tables = code_tables()
        self.loinc_tests = {c.code: test for test, c in self.tables.tests.items()}
        self.snomed_outcomes = {c.code: outcome for outcome, c in self.tables.outcomes.items()}
        self.count_codes = {c.code: c for c in self.tables.counts}

    def where(self, address: str, resource: JsonDict) -> str:
        return f"{resource.get('resourceType')} {address}"

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
        reference = resource.get("subject", {}).get("reference")
        if reference is None:
            return "woman" if len(self.roles) <= 1 else None
        return self.roles.get(self.addresses.get(reference, reference))


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
        value = _local_code(resource.get("valueCodeableConcept"), vocab.PERSON_CODES[field_name])
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


def _current_pregnancy(resource: JsonDict) -> JsonDict | None:
    spec = code_tables().pregnancy_status
    if _code_in(resource.get("valueCodeableConcept"), SNOMED) != spec.pregnant.code:
        return None
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
    if ranges and "value" in ranges[0].get("low", {}) and "value" in ranges[0].get("high", {}):
        result["reference_range"] = [ranges[0]["low"]["value"], ranges[0]["high"]["value"]]
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
        problems = problems_from_validation_error(exc)
        raise RecordError(
            [
                Problem(f"bundle.{p.path}" if p.path != "record" else "bundle", p.message)
                for p in problems
            ]
        ) from exc
    return data


def import_bundle(source: str | bytes | JsonDict, today: dt.date) -> ImportResult:
    """Read a Bundle; raise RecordError if it is not valid FHIR or gives no valid record."""
    data = source if isinstance(source, dict) else load_json(source)
    bundle = _validate_fhir(data)
    reader = _Reader(bundle)
    reader.find_people()
    people: dict[str, JsonDict] = {"woman": {}, "partner": {}}
    numbered: list[tuple[tuple[int, str, int], JsonDict]] = []
    counts: dict[str, int] = {}
    current: JsonDict | None = None
    results: list[JsonDict] = []
    for position, (address, resource) in enumerate(reader.entries):
        kind = resource.get("resourceType")
        where = reader.where(address, resource)
        if kind == "Patient":
            role = reader.roles.get(address)
            if role and resource.get("birthDate"):
                people[role]["birth_date"] = resource["birthDate"]
            continue
        if kind in SKIPPED_TYPES:
            continue
        if kind != "Observation":
            reader.unmapped.append(f"{where}: resource type not mapped")
            continue
        code = resource.get("code")
        if any(_code_in(code, local(derived)) for derived in DERIVED_LOCAL_KINDS):
            continue
        role = reader.role_of(resource)
        if role is None:
            reader.unmapped.append(f"{where}: its subject is not the couple")
            continue
        loinc = _code_in(code, LOINC)
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
            else:
                # Ours carry their number; foreign ones go by date (undated last), then order.
                key = (
                    number if number is not None else 10**6,
                    pregnancy.get("end_date") or "9999",
                    position,
                )
                numbered.append((key, pregnancy))
            continue
        if loinc in reader.count_codes and role == "woman":
            value = resource.get("valueInteger", resource.get("valueQuantity", {}).get("value"))
            if isinstance(value, int | float):
                counts[loinc] = int(value)
            continue
        if loinc == reader.tables.pregnancy_status.code and role == "woman":
            current = _current_pregnancy(resource)
            continue
        result = _result(reader, resource, role)
        if result is None:
            reader.unmapped.append(f"{where}: code {_describe(code)} not mapped")
        else:
            results.append(result)

    if numbered:
        pregnancies = [p for _, p in sorted(numbered, key=lambda item: item[0])]
        if counts:
            reader.notes.append("count Observations ignored: per-pregnancy outcomes were present")
    else:
        pregnancies = _pregnancies_from_counts(counts)
        if pregnancies:
            reader.notes.append(
                "pregnancies rebuilt from count Observations only: their order, dates and "
                "gestational ages are unknown (births listed first, losses last)"
            )
    identifier = bundle.get("identifier", {})
    ours = identifier.get("system") == vocab.RECORD_ID_SYSTEM and identifier.get("value")
    tags = {"coding": bundle.get("meta", {}).get("tag", [])}
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
    if pinned and (date := _date(bundle.get("timestamp"))):
        document["assessed_on"] = date
    if any(role == "partner" for role in reader.roles.values()):
        document["partner"] = people["partner"]
    if current is not None:
        document["current_pregnancy"] = current
    checked = parse_record(document, today=today)
    return ImportResult(checked=checked, unmapped=reader.unmapped, notes=reader.notes)
