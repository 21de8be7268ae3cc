"""Runs tests/vignettes/assessment.yaml: whole assessments from readable histories."""

from pathlib import Path

import pytest
import yaml

from rpl.core.assessment import assess
from rpl.core.profiles import load_profiles
from tests.core.helpers import checked

VIGNETTES = yaml.safe_load(Path(__file__).with_name("assessment.yaml").read_text())
PROFILES = load_profiles()


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["name"] for v in VIGNETTES])
def test_vignette(vignette):
    overrides = {k: vignette[k] for k in ("woman", "results") if k in vignette}
    assessment = assess(checked(*vignette["history"], **overrides), PROFILES[vignette["profile"]])
    expect = vignette["expect"]
    for key, value in expect.get("classification", {}).items():
        assert getattr(assessment.classification, key) == value, key
    by_code = {item.code: item for item in assessment.investigations}
    for code, fields in expect.get("investigations", {}).items():
        assert code in by_code, f"{code} not in the plan"
        for key, value in fields.items():
            assert getattr(by_code[code], key) == value, f"{code}.{key}"
    for code in expect.get("absent", []):
        assert code not in by_code
    for rule_id in expect.get("fired", []):
        assert rule_id in assessment.rules_fired
