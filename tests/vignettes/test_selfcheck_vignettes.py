"""Runs tests/vignettes/selfcheck.yaml: the patient self-check from plain answers.

Each vignette gives the answers as the self-check's form hands them to the core, the profile
(or `every` shipped profile) and what the result must say: whether the history fits, how many
losses count and what would decide an unknown fit.
"""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from rpl.core.profiles import load_profiles
from rpl.core.selfcheck import SelfCheckAnswers, self_check

TODAY = dt.date(2026, 12, 7)
PROFILES = load_profiles()
VIGNETTES = yaml.safe_load(Path(__file__).with_name("selfcheck.yaml").read_text())
CASES = [
    (vignette, profile)
    for vignette in VIGNETTES
    for profile in (sorted(PROFILES) if vignette["profile"] == "every" else [vignette["profile"]])
]


def test_every_self_check_vignette_names_its_source_and_a_known_profile():
    assert all(str(v.get("source", "")).strip() for v in VIGNETTES)
    assert all(v["profile"] == "every" or v["profile"] in PROFILES for v in VIGNETTES)


@pytest.mark.parametrize(
    ("vignette", "profile_id"), CASES, ids=[f"{v['name']} [{p}]" for v, p in CASES]
)
def test_self_check_vignette(vignette, profile_id):
    result = self_check(SelfCheckAnswers(**vignette["answers"]), PROFILES[profile_id], TODAY)
    expect = vignette["expect"]
    assert result.fits == expect["fits"]
    if "losses_counted" in expect:
        assert result.losses_counted == expect["losses_counted"]
    if "needs" in expect:
        assert [need.what for need in result.needs] == expect["needs"]
