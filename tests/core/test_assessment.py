import json

import jsonschema
import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import load_profiles
from rpl.core.schemas import json_schema
from tests.core.helpers import TODAY, checked, example_paths, record
from tests.core.test_classification import histories

PROFILES = load_profiles()
CONTRACT_KEYS = {
    "format",
    "profile",
    "versions",
    "classification",
    "investigations",
    "findings",
    "treatments",
    "next_pregnancy",
    "advice",
    "prognosis",
    "triage",
    "missing_data",
    "rules_fired",
}


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
@pytest.mark.parametrize("profile_id", ["eshre-2022", "rcog-2023", "asrm-2012"])
def test_every_example_gives_an_assessment_with_every_top_level_key(path, profile_id):
    document = json.loads(
        assess(parse_record(path.read_bytes(), today=TODAY), PROFILES[profile_id]).model_dump_json()
    )
    assert set(document) >= CONTRACT_KEYS
    assert document["format"] == "rpl-assessment/1"
    assert document["profile"]["id"] == profile_id
    assert document["versions"]["engine"]
    assert document["versions"]["knowledge"].count("+") == 1


def missing_fields(*history, **overrides):
    assessment = assess(checked(*history, **overrides), PROFILES["eshre-2022"])
    return {item.field: item.why for item in assessment.missing_data}


def test_a_loss_without_gestational_age_is_listed_as_missing_with_why():
    missing = missing_fields("miscarriage ultrasound")
    assert "trimester" in missing["pregnancies[0].gestational_age"]


def test_missing_age_bmi_and_smoking_are_listed_not_defaulted():
    missing = missing_fields("miscarriage 8", woman={})
    assert {"woman.age_years", "woman.bmi", "woman.smoking"} <= set(missing)


def test_an_undecided_pregnancy_puts_its_missing_field_in_missing_data():
    assessment = assess(checked("miscarriage 8 ultrasound", "miscarriage 7"), PROFILES["asrm-2012"])
    assert assessment.classification.meets_definition is None
    assert "pregnancies[1].confirmed_by" in {m.field for m in assessment.missing_data}


def test_a_number_without_a_unit_is_missing_its_unit():
    missing = missing_fields(results=[{"test": "tsh", "date": "2024-01-01", "value": 2.5}])
    assert "results[0].unit" in missing


def test_a_complete_record_has_no_missing_personal_data():
    data = record(
        "miscarriage 8 ultrasound",
        woman={
            "age_years": 30,
            "bmi": 22,
            "smoking": "never",
            "conditions": [],
            "family_history": [],
        },
    )
    data["pregnancies"][0]["end_date"] = "2024-01-01"
    assessment = assess(parse_record(json.dumps(data), today=TODAY), PROFILES["eshre-2022"])
    assert assessment.missing_data == []


@settings(max_examples=100)
@given(histories)
def test_assessment_is_deterministic(history):
    data = record()
    data["pregnancies"] = history
    first = assess(parse_record(json.dumps(data), today=TODAY), PROFILES["eshre-2022"])
    second = assess(parse_record(json.dumps(data), today=TODAY), PROFILES["eshre-2022"])
    assert first.model_dump_json() == second.model_dump_json()


def test_the_published_schema_accepts_every_example():
    schema = json_schema("couple")
    for path in example_paths():
        jsonschema.validate(json.loads(path.read_text()), schema)


def test_the_published_schema_names_the_contract():
    assert json_schema("couple")["title"] == "rpl-couple/1"
    assert json_schema("assessment")["title"] == "rpl-assessment/1"


def test_a_missing_value_item_cannot_be_changed_once_made():
    profile = load_profiles()["eshre-2022"]
    missing = assess(checked("miscarriage 7 ultrasound"), profile).missing_data
    family = [i for i in missing if i.field == "woman.family_history"]
    assert family
    with pytest.raises(ValidationError):
        family[0].why = "changed"
