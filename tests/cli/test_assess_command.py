import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rpl.cli.main import main
from tests.core.helpers import example_paths, record

TODAY = ["--today", "2026-11-21"]


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def write_record(tmp_path: Path, data) -> str:
    path = tmp_path / "record.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
def test_assess_prints_an_rpl_assessment_for_each_example(path):
    result = run("assess", str(path), *TODAY)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["format"] == "rpl-assessment/1"
    assert document["profile"]["id"] == "eshre-2022"


def test_the_profile_option_selects_the_definition():
    path = str(next(p for p in example_paths() if p.stem == "primary-rpl-first-visit"))
    eshre = json.loads(run("assess", path, *TODAY).stdout)
    rcog = json.loads(run("assess", path, "--profile", "rcog-2023", *TODAY).stdout)
    assert eshre["classification"]["meets_definition"] is True
    assert rcog["classification"]["meets_definition"] is False


def test_the_records_own_profile_is_used_when_no_option_is_given(tmp_path):
    data = record("miscarriage 8 ultrasound", "miscarriage 9 ultrasound", profile="rcog-2023")
    document = json.loads(run("assess", write_record(tmp_path, data), *TODAY).stdout)
    assert document["profile"]["id"] == "rcog-2023"


def test_text_format_is_a_readable_summary_with_unverified_sources_marked():
    path = str(next(p for p in example_paths() if p.stem == "secondary-rpl-unexplained"))
    result = run("assess", path, "--format", "text", *TODAY)
    assert result.exit_code == 0
    assert "Meets this profile's definition of recurrent pregnancy loss." in result.stdout
    assert "type: secondary" in result.stdout
    assert "[UNVERIFIED]" in result.stdout


def test_the_text_format_opens_with_the_current_pregnancys_triage():
    path = str(next(p for p in example_paths() if p.stem == "pregnant-with-bleeding"))
    result = run("assess", path, "--format", "text", *TODAY)
    assert result.exit_code == 0
    first_heading = next(line for line in result.stdout.splitlines() if line.isupper())
    assert first_heading.startswith("TRIAGE (CURRENT PREGNANCY): SOON")


def test_the_text_formats_triage_speaks_to_the_clinician_not_to_the_woman():
    path = str(next(p for p in example_paths() if p.stem == "pregnant-with-bleeding"))
    result = run("assess", path, "--format", "text", *TODAY)
    assert result.exit_code == 0
    assert "Refer her to the early pregnancy unit or clinic today" in result.stdout
    assert "Contact your early pregnancy unit" not in result.stdout


def test_the_text_format_lists_each_result_with_value_unit_range_and_reading(tmp_path):
    """The same result lines as the clinician report (rpl.present.assessment.result_lines)."""
    raised_tsh = {
        "test": "tsh",
        "date": "2024-10-01",
        "value": 7.2,
        "unit": "mIU/L",
        "reference_range": [0.4, 4.0],
    }
    data = record("miscarriage 7", "miscarriage 8", "miscarriage 9", results=[raised_tsh])
    result = run("assess", write_record(tmp_path, data), "--format", "text", *TODAY)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    heading = lines.index("TEST RESULTS")
    (tsh,) = [line for line in lines[heading:] if "TSH (woman)" in line]
    assert tsh.startswith("!"), "an abnormal result is marked"
    assert "7.2 mIU/L" in tsh
    assert "Reference range: 0.4–4" in tsh
    assert "above the laboratory's range" in tsh


@pytest.mark.parametrize("language", ["vi", "tr"])
def test_the_text_formats_results_are_in_the_language_asked_for(tmp_path, language):
    from rpl.present.assessment import RESULT_PLACE
    from rpl.present.translate import translator

    raised_tsh = {
        "test": "tsh",
        "date": "2024-10-01",
        "value": 7.2,
        "unit": "mIU/L",
        "reference_range": [0.4, 4.0],
    }
    data = record("miscarriage 7", "miscarriage 8", "miscarriage 9", results=[raised_tsh])
    path = write_record(tmp_path, data)
    result = run("assess", path, "--format", "text", "--lang", language, *TODAY)
    assert result.exit_code == 0, result.output
    tr = translator(language)
    assert tr.label("Test results").upper() in result.stdout
    assert tr.label(RESULT_PLACE["above"]) in result.stdout


def test_the_text_format_speaks_the_language_asked_for():
    path = str(next(p for p in example_paths() if p.stem == "secondary-rpl-unexplained"))
    result = run("assess", path, "--format", "text", "--lang", "vi", *TODAY)
    assert result.exit_code == 0
    assert "Đáp ứng định nghĩa sảy thai liên tiếp" in result.stdout


def test_standard_input_is_read_for_a_dash():
    result = run("assess", "-", *TODAY, input=json.dumps(record("miscarriage 8")))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["classification"]["losses_counted"] == 1


def test_a_clinic_profile_folder_adds_a_profile(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "clinic.yaml").write_text(
        "id: clinic\ntitle: Clinic\nsummary: s\nextends: eshre-2022\n"
        "definition: {min_losses: 3}\n"
        "citations: {min_losses: {source: RCOG-GTG17-2023, ref: r, evidence: verified}}\n"
    )
    data = record("miscarriage 8", "miscarriage 9")
    path = write_record(tmp_path, data)
    result = run("assess", path, "--profile-dir", str(folder), "--profile", "clinic", *TODAY)
    assert json.loads(result.stdout)["classification"]["meets_definition"] is False


BAD_INPUTS = {
    "wrong type": (record(woman={"age_years": "thirty"}), "woman.age_years: expected a number"),
    "unknown code": (record("misscarriage 8"), "pregnancies[0].outcome: unknown code"),
    "impossible gestation": (
        record("miscarriage 46+0"),
        "pregnancies[0].gestational_age: over the 45-week",
    ),
    "negative gestation": (
        record("miscarriage -2"),
        "pregnancies[0].gestational_age: cannot be negative",
    ),
    "date after assessment": (
        record(results=[{"test": "tsh", "date": "2025-03-02", "value": 1, "unit": "mIU/L"}]),
        "results[0].date: is after assessed_on",
    ),
    "malformed file": ('{"format": "rpl-couple/1",', "record: not valid JSON"),
    "not a record": ('"hello"', "record: expected a JSON object"),
    "wrong format": (record(format="rpl-couple/2"), "format: unknown code"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line_naming_the_field(tmp_path, case):
    data, expected = BAD_INPUTS[case]
    result = run("assess", write_record(tmp_path, data), *TODAY)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.output


def test_several_problems_give_one_line_each(tmp_path):
    data = record("miscarriage 50", woman={"smoking": "often"})
    result = run("assess", write_record(tmp_path, data), *TODAY)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 2


def test_a_missing_file_exits_2():
    result = run("assess", "no-such-record.json")
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_an_unknown_profile_exits_2_and_lists_known_profiles(tmp_path):
    result = run("assess", write_record(tmp_path, record()), "--profile", "who-2030", *TODAY)
    assert result.exit_code == 2
    assert "known profiles:" in result.stderr


def test_missing_data_is_accepted_and_listed(tmp_path):
    data = {
        "format": "rpl-couple/1",
        "id": "x",
        "woman": {},
        "pregnancies": [{"outcome": "miscarriage"}],
    }
    result = run("assess", write_record(tmp_path, data), *TODAY)
    assert result.exit_code == 0
    fields = {m["field"] for m in json.loads(result.stdout)["missing_data"]}
    assert {"woman.age_years", "pregnancies[0].gestational_age"} <= fields


def test_schema_prints_the_record_schema():
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "rpl-couple/1"
    assert json.loads(run("schema", "--of", "assessment").stdout)["title"] == "rpl-assessment/1"


def test_every_subcommand_has_help():
    commands = main.list_commands(None)
    assert {"assess", "schema", "serve", "demo"} <= set(commands)
    for name in commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Usage:" in result.stdout


def test_the_installed_rpl_command_reports_bad_input_without_a_traceback(tmp_path):
    rpl = Path(sys.executable).with_name("rpl")
    path = write_record(tmp_path, record("miscarriage 99"))
    completed = subprocess.run(
        [str(rpl), "assess", path], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.startswith("error: pregnancies[0].gestational_age")
