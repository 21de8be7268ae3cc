"""Our codes published as FHIR terminology: the files in the repository are the generated ones,
they cover every code our exports use, and they pass both validators."""

from __future__ import annotations

from pathlib import Path

from rpl.core.parsing import parse_record
from rpl.interop.fhir import server, terminology
from rpl.interop.fhir.codes import LOCAL
from tests.core.helpers import example_paths
from tests.interop.fhir.helpers import bundle_of
from tests.interop.fhir.strategies import TODAY
from tests.interop.fhir.validator import strict_parse, validate_with_fhirjs

FOLDER = Path(terminology.__file__).with_name("terminology")


def test_the_terminology_files_in_the_repository_are_up_to_date():
    expected = {
        terminology.file_name(r): terminology.render(r) for r in terminology.all_resources()
    }
    present = {p.name: p.read_text(encoding="utf-8") for p in FOLDER.glob("*.json")}
    stale = sorted(name for name in expected if present.get(name) != expected[name])
    extra = sorted(set(present) - set(expected))
    assert not stale and not extra, (
        "regenerate with: rpl fhir terminology --write src/rpl/interop/fhir/terminology "
        f"(stale: {stale}; no longer made: {extra})"
    )


def test_every_local_code_our_exports_use_has_its_code_system():
    systems = {
        r["url"]: r for r in terminology.all_resources() if r["resourceType"] == "CodeSystem"
    }
    used: set[tuple[str, str]] = set()

    def walk(value):
        if isinstance(value, dict):
            if str(value.get("system", "")).startswith(LOCAL) and "code" in value:
                used.add((value["system"], value["code"]))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in example_paths():
        for profile in ("eshre-2022", "rcog-2023", "asrm-2012"):
            walk(bundle_of(parse_record(path.read_text(), today=TODAY), profile)[0])
    missing = sorted({system for system, _ in used} - set(systems))
    assert not missing
    for system, code in used:
        published = systems[system]
        if published["content"] == "complete":
            assert code in {c["code"] for c in published["concept"]}, (system, code)


def test_the_terminology_and_the_capability_statement_pass_both_validators(tmp_path):
    named = [(terminology.file_name(r), r) for r in terminology.all_resources()]
    named.append(
        (
            "CapabilityStatement.json",
            server.capability_statement("https://rpl.example/fhir", terminology.DATE),
        )
    )
    for _, resource in named:
        strict_parse(resource)
    errors = validate_with_fhirjs(named, tmp_path)
    assert not {name: found for name, found in errors.items() if found}
