"""`rpl fhir export` and `rpl fhir import` on the command line."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from rpl.cli.main import main
from rpl.core.parsing import parse_record
from tests.core.helpers import EXAMPLES_DIR


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["fhir", *args], input=input)


def test_export_then_import_gives_back_the_record():
    path = EXAMPLES_DIR / "secondary-rpl-unexplained.json"
    exported = run("export", str(path), "--profile", "rcog-2023", "--today", "2026-11-21")
    assert exported.exit_code == 0, exported.stderr
    bundle = json.loads(exported.stdout)
    assert bundle["resourceType"] == "Bundle"
    imported = run("import", "-", "--today", "2026-11-21", input=exported.stdout)
    assert imported.exit_code == 0, imported.stderr
    today = dt.date(2026, 11, 21)
    original = parse_record(path.read_text(), today=today).record
    assert parse_record(imported.stdout, today=today).record == original
    assert "unmapped" not in imported.stderr


def test_a_bad_record_exits_2_naming_the_field():
    result = run(
        "export",
        "-",
        input='{"format": "rpl-couple/1", "id": "x", "woman": {}, "pregnancies": [{"outcome": "gone"}]}',
    )
    assert result.exit_code == 2
    assert "pregnancies[0].outcome" in result.stderr


def test_import_lists_unmapped_parts_on_standard_error():
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "urn:uuid:0b8c3f7e-0000-4000-8000-000000000001",
                "resource": {"resourceType": "Patient", "gender": "female"},
            },
            {
                "fullUrl": "urn:uuid:0b8c3f7e-0000-4000-8000-000000000002",
                "resource": {
                    "resourceType": "Immunization",
                    "status": "completed",
                    "vaccineCode": {"text": "x"},
                    "patient": {"reference": "urn:uuid:0b8c3f7e-0000-4000-8000-000000000001"},
                    "occurrenceString": "2020",
                },
            },
        ],
    }
    result = run("import", "-", input=json.dumps(bundle))
    assert result.exit_code == 0, result.stderr
    assert (
        "unmapped: Immunization urn:uuid:0b8c3f7e-0000-4000-8000-000000000002: resource type not mapped"
        in result.stderr
    )
    assert json.loads(result.stdout)["pregnancies"] == []


def test_fhir_appears_in_the_top_level_help():
    assert "fhir" in CliRunner().invoke(main, ["--help"]).stdout
