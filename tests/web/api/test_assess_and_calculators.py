"""POST /assess and /calc: the core's answers over HTTP, and 422s that name fields only."""

from __future__ import annotations

import datetime as dt
import json

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from tests.web.api.conftest import example


def test_assessing_a_record_returns_the_same_assessment_as_the_core(api):
    record = example("primary-rpl-first-visit")
    response = api.send("post", "/assess?profile=rcog-2023", record)
    assert response.status_code == 200
    expected = assess(
        parse_record(record, today=record_day(record)), get_profile("rcog-2023", load_profiles())
    )
    assert response.json() == json.loads(expected.model_dump_json())


def record_day(record):
    return dt.date.fromisoformat(record["assessed_on"])


def test_the_profile_defaults_to_the_records_own_then_eshre(api):
    record = example("primary-rpl-first-visit")
    assert api.send("post", "/assess", record).json()["profile"]["id"] == "eshre-2022"
    record["profile"] = "asrm-2012"
    assert api.send("post", "/assess", record).json()["profile"]["id"] == "asrm-2012"


def test_an_invalid_record_gets_422_with_each_field_path_and_no_submitted_value(api):
    record = example("primary-rpl-first-visit")
    record["woman"]["age_years"] = "thirty-eight secret"
    record["pregnancies"][1]["outcome"] = "lost-in-hospital-x"
    response = api.send("post", "/assess", record)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422
    assert [p["path"] for p in body["problems"]] == ["woman.age_years", "pregnancies[1].outcome"]
    assert "secret" not in response.content.decode()
    assert "hospital-x" not in response.content.decode()


def test_text_that_is_not_json_gets_422_at_the_record_root(api):
    response = api.send("post", "/assess", "{not json")
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "record"


def test_an_unknown_profile_gets_422_naming_the_query_parameter_without_echoing_it(api):
    response = api.send(
        "post", "/assess?profile=clinic-zz-private", example("secondary-rpl-unexplained")
    )
    assert response.status_code == 422
    (problem,) = response.json()["problems"]
    assert problem["path"] == "query.profile"
    assert "eshre-2022" in problem["message"]
    assert "clinic-zz-private" not in response.content.decode()


def test_a_calculator_runs_and_an_invalid_input_names_the_field(api):
    response = api.send(
        "post", "/calc/prognosis-brigham-1999", {"age_years": 30, "previous_miscarriages": 3}
    )
    assert response.status_code == 200
    assert response.json()["format"] == "rpl-calculation/1"
    bad = api.send(
        "post", "/calc/prognosis-brigham-1999", {"age_years": "old", "previous_miscarriages": 3}
    )
    assert bad.status_code == 422
    assert [p["path"] for p in bad.json()["problems"]] == ["age_years"]


def test_an_unknown_calculator_is_404(api):
    assert api.send("post", "/calc/no-such-calculator", {}).status_code == 404
    assert api.get("/calc/no-such-calculator").status_code == 404


def test_the_calculator_list_and_each_input_schema_are_public(api):
    names = [c["name"] for c in api.get("/calc", token="").json()]
    assert "aps-sydney-2006" in names
    detail = api.get("/calc/aps-sydney-2006", token="").json()
    assert detail["input_schema"]["title"] == "aps-sydney-2006 input"
    assert api.send("post", "/calc/aps-sydney-2006", detail["example"]).status_code == 200


def test_the_contract_schemas_and_profiles_are_public(api):
    assert api.get("/schema", token="").json()["title"] == "rpl-couple/1"
    assert api.get("/schema", token="", name="assessment").json()["title"] == "rpl-assessment/1"
    bad = api.get("/schema", token="", name="nope")
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["path"] == "query.name"
    assert "eshre-2022" in [p["id"] for p in api.get("/profiles", token="").json()]


def test_a_record_goes_to_fhir_and_back_over_the_api(api):
    record = example("primary-rpl-first-visit")
    bundle = api.send("post", "/fhir/export", record)
    assert bundle.status_code == 200
    back = api.send("post", "/fhir/import", bundle.json())
    assert back.status_code == 200
    assert back.json()["unmapped"] == []
    assert back.json()["record"]["pregnancies"][0]["gestational_age"] == "8+0"


def test_a_bundle_that_is_not_fhir_gets_422_with_its_path(api):
    response = api.send(
        "post", "/fhir/import", {"resourceType": "Bundle", "type": "nonsense-type", "entry": "x"}
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"].startswith("bundle")
