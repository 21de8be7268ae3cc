"""Importing foreign Bundles: IPS-style counts, labs by LOINC, and a report of the rest."""

from __future__ import annotations

import copy

import pytest

from rpl.core.parsing import RecordError
from rpl.interop.fhir.importer import import_bundle
from tests.interop.fhir.strategies import TODAY


def observation(obs_id, loinc, **value):
    return {
        "fullUrl": f"http://ehr.example/fhir/Observation/{obs_id}",
        "resource": {
            "resourceType": "Observation",
            "id": obs_id,
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
            "subject": {"reference": "Patient/p1"},
            **value,
        },
    }


IPS_BUNDLE = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "http://ehr.example/fhir/Patient/p1",
            "resource": {
                "resourceType": "Patient",
                "id": "p1",
                "gender": "female",
                "birthDate": "1988-04-02",
            },
        },
        observation("c1", "11614-5", valueQuantity={"value": 3}),
        observation("c2", "11636-8", valueQuantity={"value": 1}),
        observation("c3", "11640-0", valueQuantity={"value": 1}),
        observation(
            "tsh",
            "3016-3",
            effectiveDateTime="2025-01-05T09:30:00Z",
            valueQuantity={"value": 2.1, "unit": "mIU/L"},
            referenceRange=[{"low": {"value": 0.4}, "high": {"value": 4.0}}],
        ),
        observation("hb", "718-7", valueQuantity={"value": 12.9, "unit": "g/dL"}),
        {
            "fullUrl": "http://ehr.example/fhir/MedicationStatement/m1",
            "resource": {
                "resourceType": "MedicationStatement",
                "id": "m1",
                "status": "active",
                "medicationCodeableConcept": {"text": "folic acid"},
                "subject": {"reference": "Patient/p1"},
            },
        },
    ],
}


def test_an_ips_style_bundle_gives_pregnancies_from_counts_and_results_by_loinc():
    result = import_bundle(copy.deepcopy(IPS_BUNDLE), today=TODAY)
    record = result.checked.record
    assert record.woman.birth_date.isoformat() == "1988-04-02"
    assert [p.outcome for p in record.pregnancies] == ["live_birth"] + ["miscarriage"] * 3
    (tsh,) = record.results
    assert (tsh.test, tsh.value, tsh.unit, tsh.reference_range) == ("tsh", 2.1, "mIU/L", (0.4, 4.0))
    assert tsh.date.isoformat() == "2025-01-05"
    assert any("order, dates and gestational ages are unknown" in n for n in result.notes)


def test_what_cannot_be_mapped_is_reported_by_address_and_code_never_by_value():
    result = import_bundle(copy.deepcopy(IPS_BUNDLE), today=TODAY)
    assert result.unmapped == [
        "Observation http://ehr.example/fhir/Observation/hb: code http://loinc.org|718-7 not mapped",
        "MedicationStatement http://ehr.example/fhir/MedicationStatement/m1: resource type not mapped",
    ]
    assert not any("12.9" in line or "folic" in line for line in result.unmapped)


def test_per_pregnancy_outcomes_with_snomed_codes_are_read_in_date_order():
    bundle = copy.deepcopy(IPS_BUNDLE)
    bundle["entry"][1:4] = [
        observation(
            f"o{i}",
            "63893-2",
            effectiveDateTime=date,
            valueCodeableConcept={"coding": [{"system": "http://snomed.info/sct", "code": code}]},
        )
        for i, (date, code) in enumerate(
            [("2024-06-01", "17369002"), ("2021-03-01", "281050002"), ("2023-01-09", "17369002")]
        )
    ]
    record = import_bundle(bundle, today=TODAY).checked.record
    assert [(p.outcome, p.end_date.isoformat()) for p in record.pregnancies] == [
        ("live_birth", "2021-03-01"),
        ("miscarriage", "2023-01-09"),
        ("miscarriage", "2024-06-01"),
    ]


def test_an_invalid_bundle_is_refused_with_paths_and_without_its_values():
    bundle = copy.deepcopy(IPS_BUNDLE)
    bundle["entry"][0]["resource"]["birthDate"] = "secret-not-a-date"
    with pytest.raises(RecordError) as error:
        import_bundle(bundle, today=TODAY)
    text = str(error.value)
    assert "bundle.entry[0]" in text
    assert "secret" not in text


@pytest.mark.parametrize("document", [[], {"resourceType": "Patient"}, "not json{"])
def test_anything_but_a_bundle_is_refused(document):
    import json

    source = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(RecordError):
        import_bundle(source, today=TODAY)


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (lambda b: b.__setitem__("identifier", None), "bundle.identifier"),
        (
            lambda b: b["entry"][0]["resource"].__setitem__("meta", None),
            "bundle.entry[0].resource.meta",
        ),
        (
            lambda b: b["entry"][1]["resource"]["code"].__setitem__("text", None),
            "bundle.entry[1].resource.code.text",
        ),
    ],
)
def test_a_null_property_is_refused_by_its_path_because_fhir_json_never_has_nulls(where, path):
    # Found by the large fuzz run: a null meta or identifier reached the mapping as a value
    # and raised AttributeError (a server error in the API).
    bundle = copy.deepcopy(IPS_BUNDLE)
    where(bundle)
    with pytest.raises(RecordError) as error:
        import_bundle(bundle, today=TODAY)
    assert [(p.path, p.message) for p in error.value.problems] == [
        (path, "a FHIR property may not be null (leave it out instead)")
    ]


@pytest.mark.parametrize("resource_type", [None, True, 7, ["Patient"]])
def test_a_contained_resource_whose_type_is_not_text_is_refused_not_a_crash(resource_type):
    # fhir.resources raises TypeError here instead of a validation error (found by fuzzing).
    bundle = copy.deepcopy(IPS_BUNDLE)
    bundle["entry"][0]["resource"]["resourceType"] = resource_type
    with pytest.raises(RecordError) as error:
        import_bundle(bundle, today=TODAY)
    assert all(p.path.startswith("bundle") for p in error.value.problems)
