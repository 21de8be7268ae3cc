"""An assessed couple record as a FHIR R4 Bundle (type `collection`).

What goes in (docs/fhir.md has the table): the woman (and partner) as Patients with no direct
identifiers beyond what the record holds; their facts as Observations; IPS-style pregnancy-count
Observations; one Observation per pregnancy outcome; the current pregnancy; each test result;
then the assessment: Condition "recurrent miscarriage" when the profile's definition is met,
findings, ServiceRequests (draft proposals) for recommended investigations not yet done, a
CarePlan with every plan item of every section, and a Provenance naming the engine, the profile,
the rules and the sources. Sections are iterated generically, so new engine items flow through.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from rpl.core.assessment import Assessment
from rpl.core.parsing import CheckedRecord
from rpl.core.ranges import bounds
from rpl.core.record import CoupleRecord, CurrentPregnancy, Person, Pregnancy, Result
from rpl.core.sections import SourceRef
from rpl.core.triage import for_clinician as triage_for_clinician
from rpl.interop.fhir import vocab
from rpl.interop.fhir.codes import LOINC, SNOMED, UCUM, Code, code_tables, local
from rpl.present.assessment import for_clinician
from rpl.present.narrative import clinician_narrative
from rpl.present.translate import translator

JsonDict = dict[str, Any]
PLAN_SECTIONS = ("treatments", "next_pregnancy", "advice")
# Investigations the plan still needs: not done yet (or to repeat) and advised for.
OPEN_STATUSES = {"to_do", "repeat"}
ADVISED = {"recommended", "conditional"}
# Plan items advised against become "do not perform" activities.
ADVISED_AGAINST = {"not_recommended", "research_only"}
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
# FHIR R4 vital-signs profiles (http://hl7.org/fhir/R4/observation-vitalsigns.html).
VITAL_SIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns"
VITAL_PROFILES = {
    "weight_kg": "http://hl7.org/fhir/StructureDefinition/bodyweight",
    "height_cm": "http://hl7.org/fhir/StructureDefinition/bodyheight",
    "bmi": "http://hl7.org/fhir/StructureDefinition/bmi",
}
# HL7 IPS profiles claimed where the resource meets them.
IPS = "http://hl7.org/fhir/uv/ips/StructureDefinition/"
IPS_PREGNANCY_STATUS = IPS + "Observation-pregnancy-status-uv-ips"
IPS_PREGNANCY_OUTCOME = IPS + "Observation-pregnancy-outcome-uv-ips"
# The IPS "Pregnancy Outcome" value set: the count codes that profile allows.
IPS_COUNT_CODES = {
    "11636-8",
    "11637-6",
    "11638-4",
    "11639-2",
    "11640-0",
    "11612-9",
    "11613-7",
    "11614-5",
    "33065-4",
}
# Findings about the partner (the rest concern the woman or the couple).
PARTNER_FINDINGS = {"high_sperm_dna_fragmentation"}


def coding(system: str, code: str, display: str | None = None) -> JsonDict:
    item = {"system": system, "code": code}
    if display:
        item["display"] = display
    return item


def local_coding(kind: str, code: str) -> JsonDict:
    return coding(local(kind), code)


def category(code: str) -> list[JsonDict]:
    return [{"coding": [coding(CATEGORY_SYSTEM, code)]}]


def unknown_time() -> JsonDict:
    """`_effectiveDateTime` for a value whose time the record does not hold (the profiles that
    require effective[x] accept a data-absent-reason in its place)."""
    return {"extension": [{"url": DATA_ABSENT, "valueCode": "unknown"}]}


def lab_quantity(value: float, unit: str | None) -> JsonDict:
    """A lab value: the lab's unit as text, and its UCUM code when codes.yaml `units` knows it."""
    item: JsonDict = {"value": value}
    if unit:
        item["unit"] = unit
        ucum = code_tables().units.get(unit)
        if ucum is not None:
            item |= {"system": UCUM, "code": ucum.code}
    return item


def quantity(value: float, ucum: str | None, unit: str | None = None) -> JsonDict:
    item: JsonDict = {"value": value}
    if unit or ucum:
        item["unit"] = unit or ucum
    if ucum:
        item |= {"system": UCUM, "code": ucum}
    return item


def record_key(record_id: str) -> str:
    """12 hex digits naming a record; every resource id of the record starts with them, so the
    FHIR face finds the record a resource id belongs to (docs/fhir.md)."""
    return hashlib.sha256(f"urn:rpl-care:couple-record:{record_id}".encode()).hexdigest()[:12]


def id_record_key(resource_id: str) -> str | None:
    """The record key of one of our resource ids, or None when it is not one."""
    try:
        parsed = uuid.UUID(resource_id)
    except ValueError:
        return None
    if parsed.version != 8 or str(parsed) != resource_id:
        return None
    return resource_id[:8] + resource_id[9:13]


def resource_id(record_id: str, key: str) -> str:
    """A UUID (version 8, RFC 9562: its layout is ours) whose first 48 bits are the record key
    and whose rest comes from a UUID 5 of the record and `key`: stable, and unique per record."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:rpl-care:bundle:{record_id}")
    rest = uuid.uuid5(namespace, key).int & ((1 << 80) - 1)
    value = (int(record_key(record_id), 16) << 80) | rest
    value = (value & ~(0xF << 76)) | (8 << 76)  # version 8; the variant bits stay RFC 4122's
    return str(uuid.UUID(int=value))


class BundleBuilder:
    """Collects entries with stable ids (`resource_id`), so the same record always gives the
    same Bundle."""

    def __init__(self, record_id: str) -> None:
        self.record_id = record_id
        self.entries: list[JsonDict] = []

    def add(self, key: str, resource: JsonDict) -> str:
        made = resource_id(self.record_id, key)
        resource["id"] = made
        full_url = f"urn:uuid:{made}"
        self.entries.append({"fullUrl": full_url, "resource": resource})
        return full_url


def _observation(subject: str, codings: list[JsonDict], text: str | None = None) -> JsonDict:
    code: JsonDict = {"coding": codings}
    if text:
        code["text"] = text
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": code,
        "subject": {"reference": subject},
    }


def _patient(
    role: str, person: Person, female: bool, record_id: str, tags: list[JsonDict]
) -> JsonDict:
    # The only identifier is the clinic's own pseudonymous record id (the Bundle's identifier
    # too): it ties the couple's resources together in NDJSON, where there is no Bundle.
    patient: JsonDict = {
        "resourceType": "Patient",
        "meta": {"tag": [coding(vocab.ROLE_SYSTEM, role), *tags]},
        "identifier": [{"system": vocab.RECORD_ID_SYSTEM, "value": record_id}],
    }
    if female:
        patient["gender"] = "female"
    if person.birth_date is not None:  # only when the record itself holds it
        patient["birthDate"] = person.birth_date.isoformat()
    return patient


def _codings(kind: str, code: str, standard: Mapping[str, Code]) -> list[JsonDict]:
    """The local code, after its LOINC code when the code table `standard` maps it."""
    codings = [local_coding(kind, code)]
    if code in standard:
        codings.insert(0, coding(LOINC, standard[code].code, standard[code].display))
    return codings


def _person_observations(builder: BundleBuilder, role: str, subject: str, person: Person) -> None:
    tables = code_tables()
    for field, (ucum, unit) in vocab.PERSON_QUANTITIES.items():
        value = getattr(person, field)
        if value is None:
            continue
        observation = _observation(subject, _codings("person", field, tables.person))
        observation["valueQuantity"] = quantity(value, ucum, unit)
        if field in VITAL_PROFILES:
            # The record holds the value, not when it was measured: said so, not made up.
            observation["meta"] = {"profile": [VITAL_SIGNS, VITAL_PROFILES[field]]}
            observation["category"] = category("vital-signs")
            observation["_effectiveDateTime"] = unknown_time()
        builder.add(f"{role}.{field}", observation)
    for field, kind in vocab.PERSON_CODES.items():
        value = getattr(person, field)
        if value is None:
            continue
        observation = _observation(subject, _codings("person", field, tables.person))
        codings = [local_coding(kind, value)]
        if field == "smoking":
            observation["category"] = category("social-history")
            standard = next(v for v in tables.smoking_values if v.smoking == value)
            codings.insert(0, coding(tables.url(standard.system), standard.code, standard.display))
        observation["valueCodeableConcept"] = {"coding": codings}
        builder.add(f"{role}.{field}", observation)
    for field, kind in vocab.WOMAN_LISTS.items():
        items = getattr(person, field, None)
        if items is None:  # absent means "not recorded", which differs from an empty list
            continue
        observation = _observation(subject, [local_coding("person", field)])
        observation["valueInteger"] = len(items)
        observation["component"] = [
            {"code": {"coding": [local_coding(kind, item)]}, "valueBoolean": True} for item in items
        ]
        builder.add(f"{role}.{field}", observation)


def _count_observations(
    builder: BundleBuilder, subject: str, record: CoupleRecord, as_of: str
) -> None:
    outcomes = [p.outcome for p in record.pregnancies]
    for count in code_tables().counts:
        total = sum(1 for outcome in outcomes if outcome in count.outcomes)
        if count.plus_current_pregnancy and record.current_pregnancy is not None:
            total += 1
        observation = _observation(subject, [coding(LOINC, count.code, count.display)])
        if count.code in IPS_COUNT_CODES:
            observation["meta"] = {"profile": [IPS_PREGNANCY_OUTCOME]}
        observation["effectiveDateTime"] = as_of  # the count as of the assessment date
        observation["valueQuantity"] = {"value": total, "system": UCUM, "code": "1"}
        builder.add(f"count.{count.code}", observation)


def _ga_component(total_days: int) -> JsonDict:
    return {
        "code": {"coding": [local_coding("pregnancy", "gestational_age")]},
        "valueQuantity": quantity(total_days, "d", "days"),
    }


def _pregnancy_observation(subject: str, number: int, pregnancy: Pregnancy) -> JsonDict:
    tables = code_tables()
    outcome_codings = [local_coding("outcome", pregnancy.outcome)]
    if pregnancy.outcome in tables.outcomes:
        standard = tables.outcomes[pregnancy.outcome]
        outcome_codings.append(coding(SNOMED, standard.code, standard.display))
    spec = tables.pregnancy_outcome
    observation = _observation(subject, [coding(LOINC, spec.code, spec.display)])
    observation["valueCodeableConcept"] = {"coding": outcome_codings}
    if pregnancy.end_date is not None:
        observation["effectiveDateTime"] = pregnancy.end_date.isoformat()
    components: list[JsonDict] = [
        {"code": {"coding": [local_coding("pregnancy", "number")]}, "valueInteger": number}
    ]
    if pregnancy.gestational_age is not None:
        components.append(_ga_component(pregnancy.gestational_age.total_days))
    components += _coded_components(pregnancy, vocab.PREGNANCY_CODES)
    if pregnancy.same_partner is not None:
        components.append(_flag("pregnancy", "same_partner", pregnancy.same_partner))
    components += [_flag("pregnancy-feature", feature) for feature in pregnancy.features]
    if pregnancy.tissue_genetics is not None:
        tissue: JsonDict = {
            "coding": [local_coding("tissue-genetics", pregnancy.tissue_genetics.result)]
        }
        if pregnancy.tissue_genetics.detail:  # FHIR strings cannot be empty
            tissue["text"] = pregnancy.tissue_genetics.detail
        components.append(
            {
                "code": {"coding": [local_coding("pregnancy", "tissue_genetics")]},
                "valueCodeableConcept": tissue,
            }
        )
    observation["component"] = components
    return observation


def _coded_components(source: object, codes: Mapping[str, str]) -> list[JsonDict]:
    """One component per coded field that has a value (field -> its code system kind)."""
    components: list[JsonDict] = []
    for field, kind in codes.items():
        value = getattr(source, field)
        if value is not None:
            components.append(
                {
                    "code": {"coding": [local_coding("pregnancy", field)]},
                    "valueCodeableConcept": {"coding": [local_coding(kind, value)]},
                }
            )
    return components


def _flag(kind: str, code: str, value: bool = True) -> JsonDict:
    """A yes/no component: a feature, a symptom, or a boolean field of the pregnancy."""
    return {"code": {"coding": [local_coding(kind, code)]}, "valueBoolean": value}


def _current_pregnancy_observations(
    builder: BundleBuilder, subject: str, current: CurrentPregnancy, as_of: str
) -> None:
    """The IPS pregnancy status ("pregnant" as of the assessment date) and, when the record says
    more, an Observation of the current pregnancy's details (the IPS profile allows no
    components)."""
    tables = code_tables()
    spec = tables.pregnancy_status
    status = _observation(subject, [coding(LOINC, spec.code, spec.display)])
    status["meta"] = {"profile": [IPS_PREGNANCY_STATUS]}
    status["effectiveDateTime"] = as_of
    status["valueCodeableConcept"] = {
        "coding": [
            coding(tables.url(v.system), v.code, v.display)
            for v in tables.pregnancy_status_values
            if v.status == "pregnant"
        ]
    }
    builder.add("current-pregnancy", status)
    components: list[JsonDict] = []
    if current.gestational_age is not None:
        components.append(_ga_component(current.gestational_age.total_days))
    components += _coded_components(current, vocab.CURRENT_PREGNANCY_CODES)
    if current.fetal_heartbeat is not None:
        components.append(_flag("pregnancy", "fetal_heartbeat", current.fetal_heartbeat))
    components += [_flag("pregnancy-symptom", symptom) for symptom in current.symptoms]
    if components:
        details = _observation(subject, [local_coding("pregnancy", "current")])
        details["effectiveDateTime"] = as_of
        details["component"] = components
        builder.add("current-pregnancy.details", details)


def _result_observation(subjects: dict[str, str], result: Result) -> JsonDict:
    tables = code_tables()
    codings = _codings("test", result.test, tables.tests)
    subject = subjects.get(result.subject or "woman", subjects["woman"])
    observation = _observation(subject, codings)
    components: list[JsonDict] = []
    if result.date is not None:
        observation["effectiveDateTime"] = result.date.isoformat()
    # FHIR strings cannot be empty: an empty text value, unit or interpretation is left out.
    unit = result.unit or None
    if isinstance(result.value, int | float):
        observation["valueQuantity"] = lab_quantity(result.value, unit)
    else:
        if result.value:
            observation["valueString"] = result.value
        if unit is not None:
            components.append(
                {"code": {"coding": [local_coding("result", "unit")]}, "valueString": unit}
            )
    if result.reference_range is not None:
        low, high = bounds(result.reference_range)
        reference: JsonDict = {}
        if low is not None:
            reference["low"] = lab_quantity(low, unit)
        if high is not None:
            reference["high"] = lab_quantity(high, unit)
        if isinstance(result.reference_range, str):
            reference["text"] = result.reference_range  # as printed ("<20"), read back as is
        observation["referenceRange"] = [reference]
    if result.method is not None:
        observation["method"] = {"coding": [local_coding("imaging-method", result.method)]}
    if result.interpretation:
        observation["interpretation"] = [{"text": result.interpretation}]
    if result.subject is not None:
        components.append(
            {
                "code": {"coding": [local_coding("result", "subject")]},
                "valueCodeableConcept": {"coding": [local_coding("subject", result.subject)]},
            }
        )
    if result.measurements is not None:
        # Says "measurements recorded" even when there are none, as the record does.
        components.append(
            {
                "code": {"coding": [local_coding("result", "measurements")]},
                "valueInteger": len(result.measurements),
            }
        )
    for key, value in (result.measurements or {}).items():
        ucum, unit = vocab.measurement_unit(key)
        components.append(
            {
                "code": {"coding": [local_coding("measurement", key)]},
                "valueQuantity": quantity(value, ucum, unit),
            }
        )
    if components:
        observation["component"] = components
    return observation


def _cite(source: SourceRef) -> str:
    text = (
        f"{source.source} {source.ref} (strength: {source.strength}; evidence: {source.evidence})"
    )
    return f"{text}; recommendation {source.recommendation}" if source.recommendation else text


def _assessment_resources(
    builder: BundleBuilder,
    subjects: dict[str, str],
    assessment: Assessment,
    record: CoupleRecord,
) -> list[str]:
    """Add the assessment's resources; returns their references for the Provenance."""
    tables = code_tables()
    subject = subjects["woman"]
    made: list[str] = []
    classification = assessment.classification
    condition_ref = None
    if classification.meets_definition is True:
        spec = tables.recurrent_miscarriage
        condition_ref = builder.add(
            "condition.rpl",
            {
                "resourceType": "Condition",
                "clinicalStatus": {
                    "coding": [
                        coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active")
                    ]
                },
                # The software applies a definition; a clinician confirms the diagnosis.
                "verificationStatus": {
                    "coding": [
                        coding(
                            "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                            "provisional",
                        )
                    ]
                },
                "code": {"coding": [coding(SNOMED, spec.code, spec.display)]},
                "subject": {"reference": subject},
                "recordedDate": assessment.assessed_on.isoformat(),
                "note": [
                    {
                        "text": f"Meets the definition of profile {assessment.profile.id} "
                        f"({classification.losses_counted} losses counted, "
                        f"{classification.type or 'type unknown'}). The definition: "
                        f"{classification.definition}"
                    }
                ],
            },
        )
        made.append(condition_ref)
    for index, finding in enumerate(assessment.findings):
        about = subjects.get("partner") if finding.code in PARTNER_FINDINGS else None
        observation = _observation(about or subject, [local_coding("finding", finding.code)])
        observation["valueCodeableConcept"] = {
            "coding": [local_coding("finding-status", finding.status)]
        }
        observation["note"] = [{"text": finding.detail}]
        made.append(builder.add(f"finding.{index}.{finding.code}", observation))
    requests: list[str] = []
    for inv in assessment.investigations:
        if inv.status not in OPEN_STATUSES or inv.recommendation not in ADVISED:
            continue
        codings = _codings("investigation", inv.code, tables.investigations)
        request = {
            "resourceType": "ServiceRequest",
            "status": "draft",
            "intent": "proposal",
            "code": {"coding": codings, "text": inv.code.replace("_", " ")},
            "subject": {"reference": subject},
            "authoredOn": assessment.assessed_on.isoformat(),
            "reasonCode": [{"text": inv.reason}],
            "note": [
                {"text": f"{inv.recommendation} ({inv.status}); rule {inv.rule}"},
                *({"text": _cite(s)} for s in inv.sources),
            ],
        }
        if condition_ref:
            request["reasonReference"] = [{"reference": condition_ref}]
        requests.append(builder.add(f"request.{inv.code}", request))
    made += requests
    activities: list[JsonDict] = [{"reference": {"reference": ref}} for ref in requests]
    for section in PLAN_SECTIONS:
        for item in getattr(assessment, section):
            activities.append(
                {
                    "detail": {
                        "code": {"coding": [local_coding(section.replace("_", "-"), item.code)]},
                        "status": "not-started",
                        "doNotPerform": item.recommendation in ADVISED_AGAINST,
                        "description": f"{item.recommendation}: {item.reason} "
                        f"(rule {item.rule}; " + "; ".join(_cite(s) for s in item.sources) + ")",
                    }
                }
            )
    care_plan: JsonDict = {
        "resourceType": "CarePlan",
        "status": "draft",
        "intent": "proposal",
        "title": f"RPL Care plan under {assessment.profile.title}",
        "subject": {"reference": subject},
        "created": assessment.assessed_on.isoformat(),
    }
    # What an EHR shows when it cannot read our codes: the presenter's summary (English).
    tr = translator("en")
    care_plan["text"] = {
        "status": "generated",
        # With the record's results, as the clinician report lists them.
        "div": clinician_narrative(for_clinician(assessment, tr, record=record), tr),
    }
    if condition_ref:
        care_plan["addresses"] = [{"reference": condition_ref}]
    if activities:
        care_plan["activity"] = activities
    made.append(builder.add("careplan", care_plan))
    if assessment.prognosis.live_birth_next_pregnancy is not None:
        estimate = assessment.prognosis.live_birth_next_pregnancy
        observation = _observation(
            subject, [local_coding("prognosis", "live_birth_next_pregnancy")]
        )
        low, high = estimate.range_percent
        published = {"low": quantity(low, "%", "%"), "high": quantity(high, "%", "%")}
        # The prognosis is the value: the point estimate, else the published range. (A reference
        # range would say what is normal, which a prognosis is not.)
        if estimate.estimate_percent is not None:
            observation["valueQuantity"] = quantity(estimate.estimate_percent, "%", "%")
        else:
            observation["valueRange"] = published
        observation["component"] = [
            {
                "code": {"coding": [local_coding("prognosis", "published_range")]},
                "valueRange": published,
            }
        ]
        observation["note"] = [
            {
                "text": f"{estimate.model} ({estimate.source}; evidence: {estimate.evidence}). "
                f"{estimate.caveat}"
            }
        ]
        made.append(builder.add("prognosis", observation))
    if assessment.triage is not None:
        observation = _observation(subject, [local_coding("triage", "level")])
        observation["valueCodeableConcept"] = {
            "coding": [local_coding("triage-level", assessment.triage.level)]
        }
        # An EHR's reader is a clinician: the clinician's wording, same level and facts.
        clinical = triage_for_clinician(assessment.triage)
        observation["note"] = [
            {"text": clinical.action},
            *({"text": reason} for reason in clinical.reasons),
        ]
        made.append(builder.add("triage", observation))
    return made


def _provenance(builder: BundleBuilder, targets: list[str], assessment: Assessment) -> None:
    device = builder.add(
        "device",
        {
            "resourceType": "Device",
            "deviceName": [{"name": "RPL Care", "type": "manufacturer-name"}],
            "version": [
                {"value": f"engine {assessment.versions.engine}"},
                {"value": f"knowledge {assessment.versions.knowledge}"},
            ],
        },
    )
    cited: list[str] = []
    for source in assessment.classification.sources:
        cited.append(
            f"definition setting {source.setting}: {source.source} {source.ref} "
            f"(evidence: {source.evidence})"
        )
    items = [
        *assessment.investigations,
        *assessment.findings,
        *(item for section in PLAN_SECTIONS for item in getattr(assessment, section)),
    ]
    for item in items:
        for source in item.sources:
            cited.append(f"rule {item.rule}: {_cite(source)}")
    entities = [{"role": "source", "what": {"display": text}} for text in dict.fromkeys(cited)]
    provenance: JsonDict = {
        "resourceType": "Provenance",
        "target": [{"reference": ref} for ref in targets],
        "recorded": f"{assessment.assessed_on.isoformat()}T00:00:00Z",
        "policy": [f"{vocab.PROFILE_URN}{assessment.profile.id}"],
        "agent": [{"who": {"reference": device, "display": "RPL Care"}}],
        "reason": [{"text": "rules fired: " + ", ".join(assessment.rules_fired)}]
        if assessment.rules_fired
        else [],
    }
    if entities:
        provenance["entity"] = entities
    if not provenance["reason"]:
        del provenance["reason"]
    builder.add("provenance", provenance)


def export_bundle(checked: CheckedRecord, assessment: Assessment) -> JsonDict:
    """The record and its assessment as a FHIR R4 Bundle (JSON), validated with fhir.resources."""
    record = checked.record
    builder = BundleBuilder(record.id)
    tags = []
    if record.profile:  # an empty profile means the default, and FHIR codes cannot be empty
        tags.append(coding(vocab.RECORD_PROFILE_SYSTEM, record.profile))
    if record.assessed_on is None:
        # The record left "today" open; say so, so that an import does not pin the date.
        tags.append(coding(vocab.BUNDLE_FLAG_SYSTEM, vocab.ASSESSED_ON_OPEN))
    bundle_tags = list(tags)
    if record.assessed_on is not None:
        tags.append(coding(vocab.ASSESSED_ON_SYSTEM, record.assessed_on.isoformat()))
    woman = builder.add("patient.woman", _patient("woman", record.woman, True, record.id, tags))
    subjects = {"woman": woman}
    if record.partner is not None:
        subjects["partner"] = builder.add(
            "patient.partner", _patient("partner", record.partner, False, record.id, [])
        )
    _person_observations(builder, "woman", woman, record.woman)
    if record.partner is not None:
        _person_observations(builder, "partner", subjects["partner"], record.partner)
    as_of = checked.assessed_on.isoformat()
    _count_observations(builder, woman, record, as_of)
    for number, pregnancy in enumerate(record.pregnancies, start=1):
        builder.add(f"pregnancy.{number}", _pregnancy_observation(woman, number, pregnancy))
    if record.current_pregnancy is not None:
        _current_pregnancy_observations(builder, woman, record.current_pregnancy, as_of)
    for index, result in enumerate(record.results):
        builder.add(f"result.{index}", _result_observation(subjects, result))
    targets = _assessment_resources(builder, subjects, assessment, checked.record)
    _provenance(builder, targets, assessment)
    bundle: JsonDict = {
        "resourceType": "Bundle",
        "identifier": {"system": vocab.RECORD_ID_SYSTEM, "value": record.id},
        "type": "collection",
        "timestamp": f"{checked.assessed_on.isoformat()}T00:00:00Z",
        "entry": builder.entries,
    }
    if bundle_tags:
        bundle["meta"] = {"tag": bundle_tags}
    return validate_bundle(bundle)


def validate_bundle(bundle: JsonDict) -> JsonDict:
    """Validate with fhir.resources (R4B) and return exactly what the validator accepted."""
    model = Bundle.model_validate(bundle)
    result: JsonDict = json.loads(model.model_dump_json(exclude_none=True))
    return result
