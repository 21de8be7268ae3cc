"""Every calculator's published numbers live in data with a source, a place and an evidence status."""

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from rpl.core.calculators import (
    CALCULATORS,
    CalculationResult,
    CalculatorInputError,
    CerclageInput,
    ThyroidAta2017Input,
    build_input,
    calculate_cerclage,
    calculate_thyroid_ata_2017,
    run,
)
from rpl.core.calculators.base import EVIDENCE_ORDER, load_data
from rpl.core.gestation import GestationalAge
from rpl.core.knowledge import knowledge_path
from rpl.core.sources import load_sources
from tests.core.calculators.helpers import problems

ROOT = Path(__file__).resolve().parents[3]
DATA_FILES = sorted(knowledge_path("calculators").glob("*.yaml"))


def test_each_data_file_belongs_to_exactly_one_registered_calculator():
    assert sorted(p.stem for p in DATA_FILES) == sorted(CALCULATORS)


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_every_number_cites_a_known_source_and_says_how_it_was_checked(name):
    data = load_data(name)
    sources = load_sources()
    for key, number in data.numbers.items():
        assert number.source in sources, key
        assert number.ref, key
        if number.evidence == "unverified":
            assert number.note, f"{name}.{key}: unverified numbers must say why"
        else:
            assert number.checked_in, f"{name}.{key}: say where it was read"


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_the_example_input_runs_and_fits_the_published_schema(name):
    calculator = CALCULATORS[name]
    schema = calculator.json_schema()
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(json.loads(json.dumps(calculator.example)))
    result = run(name, calculator.example)
    assert isinstance(result, CalculationResult)
    assert result.calculator == name


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_the_result_evidence_is_the_weakest_of_the_numbers_it_used(name):
    result = run(name, CALCULATORS[name].example)
    assert result.sources
    weakest = min(result.sources, key=lambda c: EVIDENCE_ORDER[c.evidence]).evidence
    assert result.evidence == weakest


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_every_result_explains_itself(name):
    result = run(name, CALCULATORS[name].example)
    assert result.summary
    assert result.explanation


def test_an_unknown_calculator_is_named_as_the_problem():
    assert problems("no-such-calculator", {}) == [
        "calculator: unknown calculator name (`rpl calc --list` lists them)"
    ]


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_an_unknown_field_is_rejected_and_points_to_the_schema(name):
    data = dict(CALCULATORS[name].example)
    data["surprise"] = 1
    assert f"surprise: unknown field (see `rpl calc {name} --schema` for the fields)" in problems(
        name, data
    )


def test_error_messages_never_repeat_the_submitted_value():
    found = problems(
        "thyroid-ata-2017",
        {"pregnant": True, "tsh_miu_per_l": "Jane Doe 1975", "tpo_antibodies": "Jane Doe"},
    )
    assert found
    assert not any("Jane" in line for line in found)


def test_input_that_is_not_a_json_object_is_rejected():
    assert problems("septum-cume-2018", "[1, 2]") == ["input: expected a JSON object"]
    assert problems("septum-cume-2018", "{")[0].startswith("input: not valid JSON")


def test_the_documentation_lists_every_calculator_and_every_unverified_number():
    guide = (ROOT / "docs" / "calculators.md").read_text()
    for name in CALCULATORS:
        assert f"`{name}`" in guide, name
        for key, number in load_data(name).numbers.items():
            if number.evidence == "unverified":
                assert f"`{key}`" in guide, f"{name}.{key} is unverified but not listed in docs"


def test_the_typed_functions_give_the_same_result_as_run():
    data = {"pregnant": True, "tsh_miu_per_l": 3.1, "tpo_antibodies": "positive"}
    typed = calculate_thyroid_ata_2017(
        ThyroidAta2017Input(pregnant=True, tsh_miu_per_l=3.1, tpo_antibodies="positive")
    )
    assert typed == run("thyroid-ata-2017", data)


def test_typed_calls_apply_the_same_cross_field_checks():
    inputs = CerclageInput(
        guideline="nice-ng25", singleton=True, previous_pregnancies=[], cervical_length_mm=20
    )
    with pytest.raises(CalculatorInputError) as caught:
        calculate_cerclage(inputs)
    assert [str(p) for p in caught.value.problems] == [
        "current_gestational_age: required with cervical_length_mm"
    ]


def test_an_input_built_from_python_values_gives_the_same_result_as_json_text():
    example = CALCULATORS["aps-sydney-2006"].example
    values = {
        **example,
        "pregnancies": [
            {**p, "gestational_age": GestationalAge.of(*map(int, p["gestational_age"].split("+")))}
            for p in example["pregnancies"]
        ],
        "clinical_event_dates": [dt.date(2023, 9, 1)],
        "lupus_anticoagulant": [
            {**t, "date": dt.date.fromisoformat(t["date"])} for t in example["lupus_anticoagulant"]
        ],
        "anticardiolipin_igg": [
            {**t, "date": dt.date.fromisoformat(t["date"])} for t in example["anticardiolipin_igg"]
        ],
    }
    typed = run("aps-sydney-2006", build_input("aps-sydney-2006", values))
    assert typed == run("aps-sydney-2006", json.dumps(example))


def test_an_input_built_from_python_values_names_the_same_problems_as_json_text():
    data = {"age_years": 30.0, "previous_miscarriages": 31}
    with pytest.raises(CalculatorInputError) as caught:
        build_input("prognosis-brigham-1999", data)
    assert [str(p) for p in caught.value.problems] == problems("prognosis-brigham-1999", data)


def test_a_typed_input_for_another_calculator_is_refused():
    inputs = build_input("septum-cume-2018", {"internal_indentation_mm": 12.0})
    with pytest.raises(TypeError):
        run("septum-asrm-2016", inputs)
