"""`rpl calc`: list, schema, run from a file or standard input, bad input exits 2 by field."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from rpl.cli.main import main
from rpl.core.calculators import CALCULATORS


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["calc", *args], input=input)


def test_list_prints_exactly_the_registered_calculators():
    result = run("--list")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == list(CALCULATORS)


def test_calc_appears_in_the_top_level_help():
    assert "calc" in CliRunner().invoke(main, ["--help"]).stdout


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_schema_prints_a_valid_json_schema_that_accepts_the_example(name):
    result = run(name, "--schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    example = json.loads(run(name, "--example").stdout)
    Draft202012Validator(schema).validate(example)


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_each_calculator_runs_on_its_example_from_a_file(name, tmp_path: Path):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(CALCULATORS[name].example))
    result = run(name, str(path))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["format"] == "rpl-calculation/1"
    assert document["calculator"] == name
    assert document["evidence"] in {"verified", "secondary", "unverified"}
    assert all({"source", "ref", "evidence"} <= set(s) for s in document["sources"])


def test_a_dash_reads_the_input_from_standard_input():
    data = {
        "internal_indentation_mm": 17,
        "indentation_angle_deg": 70,
        "external_indentation_mm": 0,
    }
    result = run("septum-asrm-2016", "-", input=json.dumps(data))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["value"] == "septate"


def test_the_thyroid_result_says_when_the_default_upper_limit_was_used():
    data = {"pregnant": True, "tsh_miu_per_l": 3.1, "tpo_antibodies": "positive"}
    document = json.loads(run("thyroid-ata-2017", "-", input=json.dumps(data)).stdout)
    assert any("4.0 mIU/L" in line for line in document["assumptions"])


def test_invalid_input_exits_2_with_one_line_per_problem_naming_the_field():
    data = {"internal_indentation_mm": -3, "indentation_angle_deg": "sharp", "secret": "Jane Doe"}
    result = run("septum-asrm-2016", "-", input=json.dumps(data))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: internal_indentation_mm: must be at least 0",
        "error: indentation_angle_deg: expected a number",
        "error: external_indentation_mm: required",
        "error: secret: unknown field (see `rpl calc septum-asrm-2016 --schema` for the fields)",
    ]
    assert "Jane" not in result.output
    assert "sharp" not in result.output
    assert "Traceback" not in result.output


def test_a_malformed_file_exits_2_without_a_traceback(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    result = run("cerclage", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: input: not valid JSON")


def test_a_missing_file_exits_2():
    result = run("cerclage", "/no/such/file.json")
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_an_unknown_calculator_exits_2():
    result = run("apgar", "-", input="{}")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: NAME: unknown calculator (`rpl calc --list` lists them)"


def test_no_name_is_a_usage_error():
    result = run()
    assert result.exit_code == 2
    assert "give a calculator NAME" in result.output


def test_a_name_without_input_is_a_usage_error():
    result = run("cerclage")
    assert result.exit_code == 2
    assert "give an INPUT file" in result.output
