"""Runs tests/vignettes/assessment.yaml and tests/vignettes/assessment/*.yaml: whole
assessments from readable histories.

Each vignette names what must be true of the assessment, section by section: the
classification, investigations, findings, treatments, next-pregnancy plan, advice, prognosis,
triage and missing data. Codes listed under `absent` appear in no section.
"""

from pathlib import Path

import pytest
import yaml

from rpl.core.assessment import assess
from rpl.core.profiles import load_profiles
from tests.core.helpers import checked

HERE = Path(__file__).parent
# The first file, then one file per clinical topic (each vignette there names its source).
TOPIC_FILES = sorted((HERE / "assessment").glob("*.yaml"))
TOPIC_VIGNETTES = [v for path in TOPIC_FILES for v in yaml.safe_load(path.read_text()) or []]
VIGNETTES = yaml.safe_load((HERE / "assessment.yaml").read_text()) + TOPIC_VIGNETTES
PROFILES = load_profiles()
PLAN_SECTIONS = ("investigations", "findings", "treatments", "next_pregnancy", "advice")


def test_there_are_at_least_forty_vignettes_in_all():
    classification = yaml.safe_load(Path(__file__).with_name("classification.yaml").read_text())
    assert len(VIGNETTES) + len(classification) >= 40


def test_every_topic_vignette_names_the_source_it_was_written_from():
    unsourced = [v["name"] for v in TOPIC_VIGNETTES if not str(v.get("source", "")).strip()]
    assert not unsourced


def test_every_section_of_the_assessment_is_specified_by_some_vignette():
    specified = {key for v in VIGNETTES for key in v["expect"]}
    assert {*PLAN_SECTIONS, "classification", "prognosis", "triage", "missing_data"} <= specified


def _holds(item, key, value):
    """`field: value` must equal; `field_contains: phrase` must appear in the field's text;
    `cites: [ids]` must all be among the item's cited recommendations and `strength: label`
    must be the strength of one of its sources (a clinician reads both beside the line)."""
    if key == "cites":
        return set(value) <= {source.recommendation for source in item.sources}
    if key == "strength":
        return value in {source.strength for source in item.sources}
    if key.endswith("_contains"):
        return value in getattr(item, key.removesuffix("_contains"))
    return getattr(item, key) == value


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["name"] for v in VIGNETTES])
def test_vignette(vignette):
    overrides = {
        k: vignette[k]
        for k in ("woman", "partner", "results", "current_pregnancy")
        if k in vignette
    }
    assessment = assess(checked(*vignette["history"], **overrides), PROFILES[vignette["profile"]])
    expect = vignette["expect"]
    for key, value in expect.get("classification", {}).items():
        assert getattr(assessment.classification, key) == value, key
    every_code = set()
    for section in PLAN_SECTIONS:
        items = getattr(assessment, section)
        every_code |= {item.code for item in items}
        for code, fields in expect.get(section, {}).items():
            matching = [item for item in items if item.code == code]
            assert matching, f"{code} not in {section}"
            assert any(
                all(_holds(item, key, value) for key, value in fields.items()) for item in matching
            ), f"{section}.{code}: {[item.model_dump() for item in matching]}"
    for code in expect.get("absent", []):
        assert code not in every_code, code
    for rule_id in expect.get("fired", []):
        assert rule_id in assessment.rules_fired
    if "prognosis" in expect:
        estimate = assessment.prognosis.live_birth_next_pregnancy
        if expect["prognosis"] is None:
            assert estimate is None and assessment.prognosis.note
        else:
            assert estimate is not None
            assert estimate.estimate_percent == expect["prognosis"]["estimate_percent"]
            assert list(estimate.range_percent) == expect["prognosis"]["range_percent"]
            assert estimate.caveat
    if "triage" in expect:
        if expect["triage"] is None:
            assert assessment.triage is None
        else:
            assert assessment.triage is not None
            assert assessment.triage.level == expect["triage"]["level"]
            for rule_id in expect["triage"].get("rules", []):
                assert rule_id in assessment.triage.rules
    if "missing_data" in expect:
        fields = {item.field for item in assessment.missing_data}
        assert set(expect["missing_data"]) <= fields, fields
