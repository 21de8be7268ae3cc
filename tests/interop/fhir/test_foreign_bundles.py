"""EHR data as EHRs hold it: pregnancies recorded as Conditions and Procedures (Synthea's shape),
an IPS document, statuses that say "do not use this", and resources that are not valid FHIR."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from rpl.core.assessment import assess
from rpl.core.parsing import RecordError
from rpl.core.profiles import get_profile, load_profiles
from rpl.interop.fhir.importer import import_bundle
from tests.interop.fhir.foreign import SNOMED, SyntheaPatient, concept, ips_document, synthea_bundle
from tests.interop.fhir.strategies import TODAY

PROFILES = load_profiles()


def test_three_miscarriages_recorded_as_conditions_become_three_pregnancies_and_meet_the_definition():
    bundle, _ = synthea_bundle()
    result = import_bundle(bundle, today=TODAY)
    record = result.checked.record
    assert [(p.outcome, p.end_date.isoformat()) for p in record.pregnancies] == [
        ("miscarriage", "2021-02-03"),
        ("miscarriage", "2022-05-11"),
        ("miscarriage", "2023-09-04"),
    ]
    assessment = assess(result.checked, get_profile("eshre-2022", PROFILES))
    assert assessment.classification.meets_definition is True
    # RCOG: three miscarriages meet its definition whatever their trimesters (issue 15), so the
    # missing gestational ages do not leave it undecided.
    rcog = assess(result.checked, get_profile("rcog-2023", PROFILES)).classification
    assert (rcog.meets_definition, rcog.unknown_trimester_losses) == (True, 3)
    # Two Conditions about each loss are one pregnancy, and the report says so.
    assert sum("taken as one pregnancy (miscarriage)" in n for n in result.notes) == 3
    # "Past pregnancy history of miscarriage" never adds a pregnancy.
    assert [means for _, means in result.loss_history] == ["miscarriage_history"] * 3


def test_smoking_status_and_vital_signs_are_read_from_standard_codes():
    bundle, _ = synthea_bundle()
    woman = import_bundle(bundle, today=TODAY).checked.record.woman
    assert (woman.smoking, woman.weight_kg, woman.height_cm, woman.bmi) == (
        "never",
        71.2,
        165.0,
        26.2,
    )


def test_an_old_pregnant_status_is_not_a_current_pregnancy():
    bundle, _ = synthea_bundle()
    result = import_bundle(bundle, today=TODAY)
    assert result.checked.record.current_pregnancy is None
    assert any("has ended since" in n for n in result.notes)


def test_an_ectopic_coded_also_as_miscarriage_is_one_ectopic_pregnancy():
    woman = SyntheaPatient()
    woman.ectopic("2022-03-01", surgery="2022-03-15")
    record = import_bundle(woman.bundle(), today=TODAY).checked.record
    assert [p.outcome for p in record.pregnancies] == ["ectopic"]


def test_icd10_codes_and_a_termination_procedure_are_read():
    woman = SyntheaPatient()
    woman.condition(
        "O03.9", "Spontaneous abortion", "2020-01-10", system="http://hl7.org/fhir/sid/icd-10-cm"
    )
    woman.condition(
        "O021", "Missed abortion", "2021-04-02", system="http://hl7.org/fhir/sid/icd-10"
    )
    woman.procedure("714812005", "Induced termination of pregnancy", "2019-06-01")
    record = import_bundle(woman.bundle(), today=TODAY).checked.record
    assert [p.outcome for p in record.pregnancies] == [
        "induced_abortion",
        "miscarriage",
        "miscarriage",
    ]


def test_refuted_unconfirmed_and_entered_in_error_data_are_not_used_and_are_listed():
    woman = SyntheaPatient()
    woman.condition("17369002", "Miscarriage", "2020-01-10")
    woman.condition("17369002", "Miscarriage", "2021-01-10", verification="refuted")
    woman.condition("17369002", "Miscarriage", "2022-01-10", verification="entered-in-error")
    woman.condition("17369002", "Miscarriage", "2023-01-10", verification="provisional")
    woman.procedure(
        "714812005", "Induced termination of pregnancy", "2019-06-01", status="not-done"
    )
    woman.observation(
        "63893-2",
        "Outcome of pregnancy",
        "2024-02-02",
        "survey",
        status="entered-in-error",
        valueCodeableConcept=concept(SNOMED, "17369002", "Miscarriage"),
    )
    result = import_bundle(woman.bundle(), today=TODAY)
    assert [p.outcome for p in result.checked.record.pregnancies] == ["miscarriage"]
    reasons = " | ".join(result.skipped)
    for words in (
        "verification status refuted",
        "verification status entered-in-error",
        "verification status provisional; not counted until confirmed",
        "status not-done",
        "status entered-in-error",
    ):
        assert words in reasons
    assert len(result.skipped) == 5


def test_an_undated_loss_that_may_repeat_a_dated_one_is_reported_not_counted():
    woman = SyntheaPatient()
    woman.condition("17369002", "Miscarriage", "2020-01-10")
    woman.condition("17369002", "Miscarriage", None, recorded="2024-03-03")
    result = import_bundle(woman.bundle(), today=TODAY)
    assert len(result.checked.record.pregnancies) == 1
    assert any("without a date may repeat a dated one" in n for n in result.notes)


def test_an_ips_document_gives_counts_smoking_and_a_not_pregnant_status():
    result = import_bundle(ips_document(), today=TODAY)
    record = result.checked.record
    assert [p.outcome for p in record.pregnancies] == ["live_birth"] + ["miscarriage"] * 3
    assert record.woman.smoking == "former"
    assert record.current_pregnancy is None
    assert result.loss_history == [
        ("Condition https://ips.example.org/fhir/Condition/rpl", "recurrent_miscarriage")
    ]
    # The document's Composition is its frame, not data to report.
    assert not any("Composition" in line for line in result.unmapped)


def test_an_ips_pregnant_status_with_a_loinc_answer_is_the_current_pregnancy_until_it_is_stale():
    bundle = ips_document(("LA15173-0", "Pregnant"))
    record = import_bundle(bundle, today=dt.date(2025, 3, 10)).checked.record
    assert record.current_pregnancy is not None
    later = import_bundle(bundle, today=dt.date(2026, 3, 10))
    assert later.checked.record.current_pregnancy is None
    assert any("more than 42 weeks ago" in n for n in later.notes)


def test_counts_add_the_losses_that_individual_conditions_do_not_list():
    bundle = ips_document()
    woman = SyntheaPatient()
    woman.condition("17369002", "Miscarriage", "2024-05-05")
    condition = woman.entries[-1]["resource"]
    condition["subject"] = {"reference": "Patient/ips-woman-1"}
    bundle["entry"].append(
        {"fullUrl": "https://ips.example.org/fhir/Condition/m1", "resource": condition}
    )
    result = import_bundle(bundle, today=TODAY)
    outcomes = [p.outcome for p in result.checked.record.pregnancies]
    assert outcomes.count("miscarriage") == 3 and outcomes.count("live_birth") == 1
    assert result.checked.record.pregnancies[-1].end_date.isoformat() == "2024-05-05"
    assert any("2 added without dates" in n for n in result.notes)


def test_one_invalid_resource_is_left_out_leniently_and_refuses_the_bundle_strictly():
    bundle, _ = synthea_bundle()
    bad = copy.deepcopy(bundle)
    bad["entry"][3]["resource"]["onsetDateTime"] = "not-a-date"
    with pytest.raises(RecordError):
        import_bundle(bad, today=TODAY)
    result = import_bundle(bad, today=TODAY, lenient=True)
    assert any("not valid FHIR R4" in line and "onsetDateTime" in line for line in result.skipped)
    assert "not-a-date" not in " ".join(result.skipped)
    assert len(result.checked.record.pregnancies) == 3  # the other Condition of that loss counts


def test_a_value_the_record_refuses_is_left_out_leniently():
    bundle, _ = synthea_bundle()
    bmi = next(
        e["resource"]
        for e in bundle["entry"]
        if e["resource"].get("code", {}).get("text") == "Body mass index (BMI) [Ratio]"
    )
    bmi["valueQuantity"]["value"] = 400
    with pytest.raises(RecordError):
        import_bundle(bundle, today=TODAY)
    result = import_bundle(bundle, today=TODAY, lenient=True)
    assert result.checked.record.woman.bmi is None
    assert any(line.startswith("record woman.bmi") for line in result.skipped)
