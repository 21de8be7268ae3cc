"""Runs every rule's YAML cases (tests/core/rules/cases/<RULE>.yaml): fires / does not fire."""

from pathlib import Path

import pytest
import yaml

from rpl.core.assessment import assess
from rpl.core.profiles import load_profiles
from rpl.core.rules.catalogue import default_registry
from rpl.core.triage import WarningSignAnswers, check_warning_signs, triage_rules
from tests.core.helpers import checked

CASES_DIR = Path(__file__).with_name("cases")
PROFILES = load_profiles()
FILES = {path.stem: yaml.safe_load(path.read_text()) for path in sorted(CASES_DIR.glob("*.yaml"))}
CASES = [
    pytest.param(data["rule"], case, id=f"{data['rule']}: {case['name']}")
    for data in FILES.values()
    for case in data["cases"]
]


def all_rules():
    return [*default_registry(), *triage_rules()]


def test_every_rule_has_cases_that_fire_and_cases_that_do_not():
    for rule in all_rules():
        assert rule.id in FILES, f"{rule.id} has no cases file"
        outcomes = {case["fires"] for case in FILES[rule.id]["cases"]}
        assert outcomes == {True, False}, f"{rule.id} needs fires and does-not-fire cases"


def test_every_cases_file_names_a_registered_rule():
    registered = {rule.id for rule in all_rules()}
    assert {data["rule"] for data in FILES.values()} <= registered


def item_matches(item, expected):
    for key, value in expected.items():
        if key == "source":
            if value not in {s.source for s in item.sources}:
                return False
        elif key == "strength":
            if value not in {s.strength for s in item.sources}:
                return False
        elif key.endswith("_contains"):  # e.g. reason_contains: a phrase the text must hold
            if value not in getattr(item, key.removesuffix("_contains")):
                return False
        elif getattr(item, key) != value:
            return False
    return True


def check_triage_case(rule_id, case):
    """Triage cases give the warning-sign answers and the expected overall triage."""
    triage = check_warning_signs(WarningSignAnswers(**case["answers"]))
    assert (rule_id in triage.rules) is case["fires"]
    if "level" in case:
        assert triage.level == case["level"]
    if "action_contains" in case:
        assert case["action_contains"] in triage.action
    if case["fires"]:
        assert {s.recommendation for s in triage.sources} >= set(
            next(r for r in triage_rules() if r.id == rule_id).cites
        )


@pytest.mark.parametrize(("rule_id", "case"), CASES)
def test_rule_case(rule_id, case):
    if "answers" in case:
        check_triage_case(rule_id, case)
        return
    overrides = {
        key: case[key]
        for key in ("woman", "partner", "results", "current_pregnancy")
        if key in case
    }
    if "woman" in case:
        overrides["woman"] = {"age_years": 32, "bmi": 23.0, "smoking": "never"} | case["woman"]
    assessment = assess(checked(*case["history"], **overrides), PROFILES[case["profile"]])
    assert (rule_id in assessment.rules_fired) is case["fires"]
    if "prognosis" in case:
        estimate = assessment.prognosis.live_birth_next_pregnancy
        expected = case["prognosis"]
        if expected is None:
            assert estimate is None
            assert assessment.prognosis.note
        else:
            assert estimate is not None
            assert estimate.estimate_percent == expected["estimate_percent"]
            assert list(estimate.range_percent) == expected["range_percent"]
            assert estimate.caveat
    items = [
        item
        for section in ("investigations", "findings", "treatments", "next_pregnancy", "advice")
        for item in getattr(assessment, section)
        if item.rule == rule_id
    ]
    if not case["fires"]:
        assert items == []
    for expected in case.get("expect", []):
        assert any(item_matches(item, expected) for item in items), expected
    for code in case.get("absent", []):
        assert code not in {item.code for item in items}
