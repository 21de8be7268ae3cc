"""Models the engine builds without validation (`rpl.core.trusted`) equal their validated copies.

Walks whole assessments (every vignette and rule case, under every shipped profile) and
calculator results, and checks every model in them: all fields present, in the model's
order, and the same JSON after a validating round trip (which would catch a wrong type,
such as an int where the model says float).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from rpl.core.assessment import assess
from rpl.core.calculators import CALCULATORS, build_input, run
from rpl.core.classification import classify
from rpl.core.profiles import load_profiles
from rpl.core.rules.interpretation import (
    APL_TESTS,
    _calculator_input,
    antiphospholipid_inputs,
)
from rpl.core.rules.registry import RuleContext
from rpl.core.sections import Investigation
from rpl.core.trusted import trusted
from tests.core.helpers import checked

ROOT = Path(__file__).resolve().parents[1]
PROFILES = load_profiles()
VIGNETTES = yaml.safe_load((ROOT / "vignettes" / "assessment.yaml").read_text())
CASES = [
    case
    for path in sorted((ROOT / "core" / "rules" / "cases").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text())["cases"]
    if "history" in case
]


def models_in(value: Any) -> Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from models_in(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from models_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from models_in(item)


def assert_same_as_validated(model: BaseModel) -> None:
    kind = type(model)
    assert tuple(vars(model)) == tuple(kind.model_fields), kind.__name__
    text = model.model_dump_json()
    assert kind.model_validate_json(text).model_dump_json() == text, kind.__name__


def story(case: dict[str, Any]) -> dict[str, Any]:
    return {k: case[k] for k in ("woman", "partner", "results", "current_pregnancy") if k in case}


@pytest.mark.parametrize("profile_id", sorted(PROFILES))
def test_every_model_in_an_assessment_equals_its_validated_copy(profile_id):
    for case in [*VIGNETTES, *CASES]:
        assessment = assess(checked(*case["history"], **story(case)), PROFILES[profile_id])
        for model in models_in(assessment):
            assert_same_as_validated(model)


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_every_model_in_a_calculator_result_equals_its_validated_copy(name):
    result = run(name, CALCULATORS[name].example)
    for model in models_in(result):
        assert_same_as_validated(model)
    assert "format" not in result.model_fields_set  # a default, as validation leaves it


def test_a_trusted_build_marks_the_fields_given_as_set():
    item = trusted(
        Investigation,
        code="tsh",
        recommendation="recommended",
        status="to_do",
        result=None,
        reason="a reason",
        rule="IV04",
        sources=(),
    )
    validated = Investigation.model_validate(item.model_dump())
    assert item == validated
    assert item.model_fields_set == validated.model_fields_set


def test_the_aps_calculator_inputs_the_engine_builds_equal_their_validated_copies():
    profile = PROFILES["eshre-2022"]
    built = 0
    for case in [*VIGNETTES, *CASES]:
        record = checked(*case["history"], **story(case))
        context = RuleContext("", record, profile, classify(record, profile), ())
        shared, _ = antiphospholipid_inputs(context)
        for name in (*APL_TESTS, "pregnancies"):
            for entry in shared[name]:
                assert isinstance(entry, BaseModel), name
                assert_same_as_validated(entry)
                built += 1
    assert built > 50


def test_a_titre_beyond_the_calculators_range_is_left_for_validation_to_name():
    results = [
        {"test": "anticardiolipin_igg", "date": "2024-06-03", "value": 20000, "unit": "GPL"},
        {"test": "anticardiolipin_igg", "date": "2024-09-03", "value": 50, "unit": "GPL"},
    ]
    record = checked("miscarriage 7 ultrasound ended=2023-01-10", results=results)
    assessment = assess(record, PROFILES["eshre-2022"])
    details = {f.code: f.detail for f in assessment.findings}
    for code in ("aps_sydney_2006", "aps_acr_eular_2023"):
        assert details[code] == (
            "Cannot be decided yet: anticardiolipin_igg[0].titre_gpl: must be at most 10000."
        )


def test_the_aps_calculator_input_the_engine_builds_directly_equals_the_validated_input():
    profile = PROFILES["eshre-2022"]
    compared = 0
    for case in [*VIGNETTES, *CASES]:
        record = checked(*case["history"], **story(case))
        context = RuleContext("", record, profile, classify(record, profile), ())
        shared, _ = antiphospholipid_inputs(context)
        tests = {name: shared[name] for name in APL_TESTS if shared[name]}
        if not tests:
            continue
        given = {
            "aps-sydney-2006": {
                **tests,
                "vascular_thrombosis": False,
                "pregnancies": shared["pregnancies"],
                "clinical_event_dates": shared["event_dates"],
            },
            "aps-acr-eular-2023": {
                **tests,
                "clinical_criteria": [],
                "pregnancies": shared["pregnancies"],
                "clinical_criterion_dates": shared["event_dates"],
            },
        }
        for name, values in given.items():
            built = _calculator_input(name, values)
            assert type(built) is CALCULATORS[name].inputs
            assert built == build_input(name, values)
            assert tuple(vars(built)) == tuple(type(built).model_fields)
            compared += 1
    assert compared > 20
