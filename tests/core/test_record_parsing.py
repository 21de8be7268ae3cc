import json

import pytest

from rpl.core.parsing import RecordError, parse_record
from tests.core.helpers import TODAY, example_paths, record


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
def test_every_shared_example_is_accepted_unchanged(path):
    checked = parse_record(path.read_bytes(), today=TODAY)
    assert checked.record.format == "rpl-couple/1"
    assert checked.record.pregnancies


def test_there_are_four_shared_examples_in_the_project():
    assert {p.stem for p in example_paths()} >= {
        "primary-rpl-first-visit",
        "secondary-rpl-unexplained",
        "pregnant-with-bleeding",
        "one-loss-and-ectopic",
    }


def problems_of(data) -> list[str]:
    text = data if isinstance(data, str | bytes) else json.dumps(data)
    with pytest.raises(RecordError) as caught:
        parse_record(text, today=TODAY)
    return [str(p) for p in caught.value.problems]


def test_age_comes_from_birth_date_at_the_assessment_date():
    checked = parse_record(json.dumps(record(woman={"birth_date": "1989-03-01"})), today=TODAY)
    assert checked.woman_age_years == 36.0


def test_bmi_comes_from_height_and_weight():
    checked = parse_record(
        json.dumps(record(woman={"height_cm": 160, "weight_kg": 84})), today=TODAY
    )
    assert checked.woman_bmi == 32.8


def test_assessed_on_defaults_to_today_when_absent():
    data = record()
    del data["assessed_on"]
    assert parse_record(json.dumps(data), today=TODAY).assessed_on == TODAY


def test_a_wrong_type_names_the_field_path():
    assert problems_of(record(woman={"age_years": "36"})) == ["woman.age_years: expected a number"]


def test_an_unknown_outcome_code_is_rejected_with_the_known_codes():
    [problem] = problems_of(record("miscarriage", "loss"))
    assert problem.startswith("pregnancies[1].outcome: unknown code; expected one of: live_birth")


def test_an_unknown_field_is_rejected_rather_than_ignored():
    data = record("miscarriage 8")
    data["pregnancies"][0]["gestational_Age"] = "8"
    assert problems_of(data) == [
        "pregnancies[0].gestational_Age: unknown field (see `rpl schema` for the fields of rpl-couple/1)"
    ]


@pytest.mark.parametrize(("ga", "reason"), [("46", "45-week limit"), ("-1", "negative")])
def test_an_impossible_gestational_age_is_rejected(ga, reason):
    [problem] = problems_of(record(f"miscarriage {ga}"))
    assert problem.startswith("pregnancies[0].gestational_age: ")
    assert reason in problem


def test_a_date_after_the_assessment_date_is_rejected():
    data = record("miscarriage 8")
    data["pregnancies"][0]["end_date"] = "2025-03-02"
    assert problems_of(data) == ["pregnancies[0].end_date: is after assessed_on"]


def test_an_assessment_date_in_the_future_is_rejected():
    assert problems_of(record(assessed_on="2027-01-01")) == ["assessed_on: is in the future"]


def test_a_result_dated_after_the_assessment_is_rejected():
    data = record(results=[{"test": "tsh", "date": "2025-04-01", "value": 2, "unit": "mIU/L"}])
    assert problems_of(data) == ["results[0].date: is after assessed_on"]


def test_pregnancies_out_of_date_order_are_rejected_because_order_decides_runs():
    data = record("miscarriage 8", "miscarriage 9")
    data["pregnancies"][0]["end_date"] = "2024-05-01"
    data["pregnancies"][1]["end_date"] = "2023-05-01"
    [problem] = problems_of(data)
    assert problem.startswith("pregnancies[1].end_date: is earlier than")


def test_a_negative_amount_is_rejected():
    assert problems_of(record(woman={"alcohol_units_per_week": -2})) == [
        "woman.alcohol_units_per_week: must be at least 0"
    ]


def test_age_and_birth_date_that_disagree_are_rejected_not_guessed():
    [problem] = problems_of(record(woman={"age_years": 25, "birth_date": "1980-01-01"}))
    assert problem == "woman.age_years: does not agree with birth_date at assessed_on"


def test_malformed_json_is_one_problem_with_the_position():
    assert problems_of('{"format": ') == [
        "record: not valid JSON (line 1, column 12: Expecting value)"
    ]


def test_a_json_array_is_not_a_record():
    assert problems_of("[]") == ["record: expected a JSON object"]


def test_text_that_is_not_utf8_is_rejected():
    assert problems_of(b"\xff\xfe\x00") == ["record: not UTF-8 text"]


@pytest.mark.parametrize(
    "number",
    ["1e400", "-1e400", "1" + "0" * 1000, "9" * 5000, "1" + "0" * 30],
    ids=["1e400", "-1e400", "10**1000", "5000 digits", "31 digits"],
)
def test_a_number_too_large_for_any_clinical_value_is_one_problem_that_does_not_repeat_it(number):
    problems = problems_of('{"format": "rpl-couple/1", "woman": {"age_years": ' + number + "}}")
    assert problems == ["record: a number is too large (at most 30 digits)"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_numbers(constant):
    problems = problems_of('{"format": "rpl-couple/1", "woman": {"age_years": ' + constant + "}}")
    assert problems == ["record: NaN and Infinity are not JSON numbers"]


def test_json_nested_ten_thousand_levels_deep_is_one_problem():
    assert problems_of("[" * 10_000 + "]" * 10_000) == ["record: JSON nested too deeply"]
    assert problems_of('{"a":' * 10_000 + "1" + "}" * 10_000) == ["record: JSON nested too deeply"]


def test_ordinary_numbers_still_parse():
    checked = parse_record(json.dumps(record(woman={"age_years": 36.5})), today=TODAY)
    assert checked.record.woman.age_years == 36.5


def test_several_problems_are_all_reported_one_per_line():
    data = record("miscarriage 50", woman={"smoking": "sometimes", "bmi": 5})
    assert len(problems_of(data)) == 3


def test_error_messages_never_repeat_the_submitted_value():
    data = record(woman={"smoking": "Nguyen Thi Lan"}, id="x")
    data["pregnancies"] = [{"outcome": "miscarriage", "gestational_age": "Nguyen"}]
    assert not any("Nguyen" in problem for problem in problems_of(data))


def test_missing_optional_data_is_accepted():
    checked = parse_record(
        json.dumps(
            {
                "format": "rpl-couple/1",
                "id": "x",
                "woman": {},
                "pregnancies": [{"outcome": "miscarriage"}],
            }
        ),
        today=TODAY,
    )
    assert checked.woman_age_years is None


def test_alcohol_may_be_given_in_grams_and_grams_and_units_together_must_agree():
    from rpl.core.alcohol import grams_per_week

    checked = parse_record(record(woman={"alcohol_grams_per_week": 24}), today=TODAY)
    assert grams_per_week(checked.record.woman) == 24
    in_units = parse_record(record(woman={"alcohol_units_per_week": 3}), today=TODAY)
    assert grams_per_week(in_units.record.woman) == 24  # a UK unit is 8 g
    agreeing = record(woman={"alcohol_units_per_week": 3, "alcohol_grams_per_week": 24})
    assert grams_per_week(parse_record(agreeing, today=TODAY).record.woman) == 24
    assert problems_of(
        record(woman={"alcohol_units_per_week": 3, "alcohol_grams_per_week": 40})
    ) == [
        "woman.alcohol_grams_per_week: does not agree with alcohol_units_per_week (a UK unit is 8 g);"
        " give one"
    ]
