"""Runs tests/vignettes/classification.yaml: each vignette, each profile named in it."""

from pathlib import Path

import pytest
import yaml

from rpl.core.classification import classify
from rpl.core.profiles import load_profiles
from tests.core.helpers import checked

VIGNETTES = yaml.safe_load(Path(__file__).with_name("classification.yaml").read_text())
PROFILES = load_profiles()
CASES = [
    pytest.param(v, profile_id, expected, id=f"{v['name']} [{profile_id}]")
    for v in VIGNETTES
    for profile_id, expected in v["expect"].items()
]


@pytest.mark.parametrize(("vignette", "profile_id", "expected"), CASES)
def test_vignette(vignette, profile_id, expected):
    result = classify(checked(*vignette["history"]), PROFILES[profile_id])
    for key, value in expected.items():
        if key == "excluded_pregnancies":
            assert [e.pregnancy for e in result.excluded] == value
        elif key == "undecided_needs":
            assert [u.needs for u in result.undecided] == value
        else:
            assert getattr(result, key) == value, key
