"""What the exported Bundle holds: FHIR-valid, no identifiers, counts, plan, provenance."""

from __future__ import annotations

import json

from fhir.resources.R4B.bundle import Bundle

from rpl.core.parsing import parse_record
from rpl.core.sections import PlanItem, SourceRef
from rpl.interop.fhir.codes import LOINC, SNOMED, code_tables, local
from rpl.interop.fhir.export import export_bundle
from tests.core.helpers import EXAMPLES_DIR
from tests.interop.fhir.helpers import bundle_of, resources, with_code
from tests.interop.fhir.strategies import TODAY


def checked(name: str, **changes):
    document = json.loads((EXAMPLES_DIR / f"{name}.json").read_text())
    document.update(changes)
    return parse_record(document, today=TODAY)


def test_the_bundle_is_valid_r4b_fhir_and_the_same_every_time():
    record = checked("primary-rpl-first-visit")
    first, _ = bundle_of(record)
    Bundle.model_validate(first)
    assert first == bundle_of(record)[0]


def test_patients_carry_no_name_address_or_identifier_but_the_clinics_record_id():
    bundle, _ = bundle_of(checked("secondary-rpl-unexplained"))
    for patient in resources(bundle, "Patient"):
        assert not {"name", "address", "telecom", "photo", "contact"} & set(patient)
        assert patient["identifier"] == [
            {"system": "urn:rpl-care:couple-record", "value": bundle["identifier"]["value"]}
        ]
        assert "birthDate" not in patient  # the record gives only an age


def test_a_birth_date_goes_out_only_when_the_record_has_one():
    record = checked("secondary-rpl-unexplained")
    document = record.record.model_dump(mode="json", exclude_none=True)
    document["woman"].pop("age_years", None)
    document["woman"]["birth_date"] = "1990-02-03"
    bundle, _ = bundle_of(parse_record(document, today=TODAY))
    woman = resources(bundle, "Patient")[0]
    assert woman["birthDate"] == "1990-02-03"


def test_pregnancy_counts_follow_the_ips_codes_and_each_pregnancy_has_its_outcome():
    record = checked("primary-rpl-first-visit")  # two miscarriages
    bundle, _ = bundle_of(record)
    counts = {
        c.code: with_code(bundle, LOINC, c.code)[0]["valueQuantity"]["value"]
        for c in code_tables().counts
    }
    assert counts["11614-5"] == 2  # spontaneous abortions
    assert counts["11612-9"] == 2
    assert counts["11636-8"] == 0
    assert counts["11996-6"] == 2
    outcomes = with_code(bundle, LOINC, "63893-2")
    assert len(outcomes) == len(record.record.pregnancies)
    assert all(
        {"system": SNOMED, "code": "17369002", "display": "Miscarriage"}
        in o["valueCodeableConcept"]["coding"]
        for o in outcomes
    )


def test_the_rpl_condition_appears_only_when_the_definition_is_met():
    record = checked("primary-rpl-first-visit")
    met, assessment = bundle_of(record, "eshre-2022")
    assert assessment.classification.meets_definition is True
    (condition,) = resources(met, "Condition")
    assert condition["code"]["coding"][0]["code"] == "102878001"
    assert condition["verificationStatus"]["coding"][0]["code"] == "provisional"
    not_met, assessment = bundle_of(record, "rcog-2023")  # RCOG needs three losses
    assert assessment.classification.meets_definition is False
    assert resources(not_met, "Condition") == []


def test_service_requests_are_the_advised_investigations_not_yet_done():
    bundle, assessment = bundle_of(checked("primary-rpl-first-visit"))
    expected = {
        i.code
        for i in assessment.investigations
        if i.status in ("to_do", "repeat") and i.recommendation in ("recommended", "conditional")
    }
    requests = resources(bundle, "ServiceRequest")
    got = {
        c["code"]
        for r in requests
        for c in r["code"]["coding"]
        if c["system"] == local("investigation")
    }
    assert got == expected and expected
    assert "hereditary_thrombophilia_screen" not in got  # advised against
    assert {(r["status"], r["intent"]) for r in requests} == {("draft", "proposal")}
    tsh = next(r for r in requests if r["code"]["text"] == "tsh")
    assert {"system": LOINC, "code": "3016-3"}.items() <= tsh["code"]["coding"][0].items()


def test_the_care_plan_lists_every_plan_item_of_every_section():
    record = checked("primary-rpl-first-visit")
    _, assessment = bundle_of(record)
    source = SourceRef(source="ESHRE-2022", ref="test", strength="strong", evidence="verified")

    def item(code: str, recommendation: str, rule: str) -> PlanItem:
        return PlanItem(
            code=code, recommendation=recommendation, reason="r", rule=rule, sources=[source]
        )

    items = {
        "treatments": [item("t-one", "recommended", "TX99")],
        "next_pregnancy": [item("n-one", "conditional", "NP99")],
        "advice": [item("a-one", "not_recommended", "AD99")],
    }
    bundle = export_bundle(record, assessment.model_copy(update=items))
    (plan,) = resources(bundle, "CarePlan")
    details = [a["detail"] for a in plan["activity"] if "detail" in a]
    assert [d["code"]["coding"][0] for d in details] == [
        {"system": local("treatments"), "code": "t-one"},
        {"system": local("next-pregnancy"), "code": "n-one"},
        {"system": local("advice"), "code": "a-one"},
    ]
    assert [d["doNotPerform"] for d in details] == [False, False, True]
    references = [a["reference"]["reference"] for a in plan["activity"] if "reference" in a]
    assert len(references) == len(resources(bundle, "ServiceRequest"))
    (provenance,) = resources(bundle, "Provenance")
    cited = " ".join(e["what"]["display"] for e in provenance["entity"])
    assert "rule TX99" in cited and "rule IV01" in cited


def test_the_provenance_names_engine_profile_rules_and_sources():
    bundle, assessment = bundle_of(checked("primary-rpl-first-visit"))
    (provenance,) = resources(bundle, "Provenance")
    assert provenance["policy"] == ["urn:rpl-care:profile:eshre-2022"]
    assert all(rule in provenance["reason"][0]["text"] for rule in assessment.rules_fired)
    cited = [e["what"]["display"] for e in provenance["entity"]]
    assert any(text.startswith("definition setting min_losses: ESHRE-2022") for text in cited)
    targets = {t["reference"] for t in provenance["target"]}
    for kind in ("Condition", "ServiceRequest", "CarePlan"):
        for resource in resources(bundle, kind):
            assert f"urn:uuid:{resource['id']}" in targets
    (device,) = resources(bundle, "Device")
    assert device["version"][0]["value"] == f"engine {assessment.versions.engine}"


def test_every_standard_code_in_the_tables_names_a_known_source():
    tables = code_tables()
    for code in tables.all_codes():
        assert code.source in tables.sources
        assert code.evidence in ("verified", "secondary")


def test_weight_height_and_bmi_follow_the_vital_signs_profiles_without_inventing_a_date():
    record = checked("primary-rpl-first-visit")
    document = record.record.model_dump(mode="json", exclude_none=True)
    document["woman"] |= {"weight_kg": 70.0, "height_cm": 165.0, "bmi": 25.7}
    bundle, _ = bundle_of(parse_record(document, today=TODAY))
    for code, profile in (("29463-7", "bodyweight"), ("8302-2", "bodyheight"), ("39156-5", "bmi")):
        (observation,) = with_code(bundle, LOINC, code)
        assert observation["meta"]["profile"] == [
            "http://hl7.org/fhir/StructureDefinition/vitalsigns",
            f"http://hl7.org/fhir/StructureDefinition/{profile}",
        ]
        assert observation["category"][0]["coding"][0]["code"] == "vital-signs"
        assert "effectiveDateTime" not in observation
        assert observation["_effectiveDateTime"]["extension"][0]["valueCode"] == "unknown"
        assert observation["valueQuantity"]["system"] == "http://unitsofmeasure.org"


def test_pregnancy_status_and_counts_claim_the_ips_profiles_they_meet():
    record = checked("pregnant-with-bleeding")
    bundle, _ = bundle_of(record)
    (status,) = with_code(bundle, LOINC, "82810-3")
    assert status["meta"]["profile"] == [
        "http://hl7.org/fhir/uv/ips/StructureDefinition/Observation-pregnancy-status-uv-ips"
    ]
    assert "component" not in status  # the IPS profile allows none
    assert status["effectiveDateTime"] == record.assessed_on.isoformat()
    assert {c["code"] for c in status["valueCodeableConcept"]["coding"]} == {
        "77386006",
        "LA15173-0",
    }
    (spontaneous,) = with_code(bundle, LOINC, "11614-5")
    assert spontaneous["meta"]["profile"][0].endswith("Observation-pregnancy-outcome-uv-ips")
    (pregnancies,) = with_code(bundle, LOINC, "11996-6")
    assert "meta" not in pregnancies  # not in the IPS value set: no claim


def test_lab_units_carry_their_ucum_code_and_the_labs_own_text():
    bundle, _ = bundle_of(checked("secondary-rpl-unexplained"))
    quantities = [
        r["valueQuantity"] for r in resources(bundle, "Observation") if "valueQuantity" in r
    ]
    units = {q.get("unit"): q.get("code") for q in quantities if q.get("unit")}
    assert units.get("mIU/L") == "m[IU]/L"
    assert units.get("GPL") == "[GPL'U]" and units.get("MPL") == "[MPL'U]"


def test_a_partner_finding_has_the_partner_as_subject():
    from rpl.core.sections import Finding

    record = checked("primary-rpl-first-visit")
    document = record.record.model_dump(mode="json", exclude_none=True)
    document["partner"] = {"age_years": 40}
    with_partner = parse_record(document, today=TODAY)
    _, assessment = bundle_of(with_partner)
    source = SourceRef(source="ESHRE-2022", ref="test", strength="weak", evidence="verified")
    finding = Finding(
        code="high_sperm_dna_fragmentation",
        status="present",
        detail="d",
        rule="IV99",
        sources=(source,),
    )
    bundle = export_bundle(with_partner, assessment.model_copy(update={"findings": [finding]}))
    partner = next(
        p for p in resources(bundle, "Patient") if p["meta"]["tag"][0]["code"] == "partner"
    )
    (observation,) = [
        o
        for o in resources(bundle, "Observation")
        if o["code"]["coding"][0]["code"] == finding.code
    ]
    assert observation["subject"]["reference"] == f"urn:uuid:{partner['id']}"


def test_the_prognosis_is_a_value_not_a_reference_range():
    prognosis = [
        o
        for name in ("primary-rpl-first-visit", "secondary-rpl-unexplained")
        for o in resources(bundle_of(checked(name))[0], "Observation")
        if o["code"]["coding"][0]["system"] == local("prognosis")
    ]
    assert prognosis
    for observation in prognosis:
        assert "referenceRange" not in observation
        assert "valueQuantity" in observation or "valueRange" in observation


def test_every_resource_id_starts_with_its_records_key():
    from rpl.interop.fhir.export import id_record_key, record_key

    bundle, _ = bundle_of(checked("primary-rpl-first-visit"))
    key = record_key(bundle["identifier"]["value"])
    for entry in bundle["entry"]:
        assert id_record_key(entry["resource"]["id"]) == key
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
    assert id_record_key("not-a-uuid") is None


RAISED_TSH = {
    "test": "tsh",
    "date": "2024-10-01",
    "value": 7.2,
    "unit": "mIU/L",
    "reference_range": [0.4, 4.0],
}


def test_the_care_plans_narrative_lists_each_result_with_value_unit_range_and_reading():
    """The same result lines as the clinician report (rpl.present.assessment.result_lines)."""
    document = json.loads((EXAMPLES_DIR / "primary-rpl-first-visit.json").read_text())
    document["results"] = [RAISED_TSH]
    bundle, _ = bundle_of(parse_record(document, today=TODAY))
    (plan,) = resources(bundle, "CarePlan")
    div = plan["text"]["div"]
    assert "<b>Test results</b>" in div
    (line,) = [li for li in div.split("<li>") if "<b>TSH</b>" in li]
    assert "7.2 mIU/L" in line
    assert "Reference range: 0.4–4" in line
    assert "above the laboratory&#x27;s range" in line


def test_the_triage_observation_speaks_to_the_clinician():
    """Its notes are the clinician's wording (rpl.core.triage.for_clinician), as the narrative."""
    from rpl.core.triage import CLINICIAN_WORDS

    bundle, assessment = bundle_of(checked("pregnant-with-bleeding"))
    assert assessment.triage is not None
    (triage,) = [
        r
        for r in resources(bundle, "Observation")
        if any(c.get("code") == "level" for c in r["code"]["coding"])
        and "valueCodeableConcept" in r
    ]
    notes = [note["text"] for note in triage["note"]]
    assert notes[0] == CLINICIAN_WORDS[assessment.triage.action]
    assert not any(" you" in note.lower() for note in notes)
