"""Runs tests/vignettes/classification.yaml and tests/vignettes/classification/*.yaml: each
vignette, each profile named in it. Vignettes in the topic files name their source."""

from pathlib import Path

import pytest
import yaml

from rpl.core.classification import classify
from rpl.core.profiles import load_profiles
from tests.core.helpers import checked

HERE = Path(__file__).parent
TOPIC_FILES = sorted((HERE / "classification").glob("*.yaml"))
VIGNETTES = yaml.safe_load((HERE / "classification.yaml").read_text()) + [
    vignette for path in TOPIC_FILES for vignette in yaml.safe_load(path.read_text())
]
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


def test_every_vignette_in_a_topic_file_names_its_source():
    for path in TOPIC_FILES:
        for vignette in yaml.safe_load(path.read_text()):
            assert str(vignette.get("source", "")).strip(), (path.name, vignette["name"])
