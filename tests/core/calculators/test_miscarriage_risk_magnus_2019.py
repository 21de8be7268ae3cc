"""miscarriage-risk-magnus-2019: Magnus et al., BMJ 2019;364:l869.

Odds ratios 1.54, 2.21 and 3.97 after 1, 2 and 3 consecutive miscarriages: abstract (verified,
ScienceOpen copy). Age-band risks: results text as quoted (under 20: 15.8%, 25-29: 9.8%, 45+:
53.6%) and press-rounded figures (30-34: 11%, 35-39: 17%, 40-44: 32%); 20-24 was not found.
"""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpl.core.calculators.miscarriage_risk_magnus_2019 import odds_to_risk
from tests.core.calculators.helpers import calc, problems

NAME = "miscarriage-risk-magnus-2019"


def risk(age, run):
    return calc(NAME, {"age_years": age, "previous_consecutive_miscarriages": run})


@pytest.mark.parametrize(("run", "odds_ratio"), [(1, 1.54), (2, 2.21), (3, 3.97)])
def test_the_published_odds_ratios_after_consecutive_miscarriages(run, odds_ratio):
    result = risk(27, run)
    assert result.value["odds_ratio"] == odds_ratio
    assert f"odds_ratio_after_{run}" in {c.key for c in result.sources}


def test_the_odds_ratios_are_verified_in_the_abstract():
    result = risk(27, 2)
    cite = next(c for c in result.sources if c.key == "odds_ratio_after_2")
    assert cite.evidence == "verified"


def test_more_than_three_miscarriages_use_the_three_miscarriage_odds_ratio_and_say_so():
    result = risk(27, 5)
    assert result.value["odds_ratio"] == 3.97
    assert any("used for 5" in line for line in result.assumptions)


def test_beyond_three_miscarriages_the_result_is_marked_as_an_extrapolation():
    beyond, within = risk(27, 4), risk(27, 3)
    assert beyond.details["extrapolated"] is True
    assert within.details["extrapolated"] is False
    assert any(c.startswith("Extrapolation") for c in beyond.caveats)
    assert not any(c.startswith("Extrapolation") for c in within.caveats)
    assert "extrapolated" in beyond.summary


@pytest.mark.parametrize(
    ("age", "band", "percent"),
    [
        (19.9, "under 20", 15.8),
        (25, "25-29", 9.8),
        (29.9, "25-29", 9.8),
        (30, "30-34", 11),
        (34.9, "30-34", 11),
        (35, "35-39", 17),
        (39.9, "35-39", 17),
        (40, "40-44", 32),
        (44.9, "40-44", 32),
        (45, "45 or older", 53.6),
    ],
)
def test_age_bands_on_both_sides_of_each_boundary(age, band, percent):
    result = risk(age, 0)
    assert (result.value["age_band"], result.value["age_band_risk_percent"]) == (band, percent)


def test_the_20_to_24_band_was_not_found_so_no_risk_is_given():
    result = risk(22, 2)
    assert result.value["age_band_risk_percent"] is None
    assert result.value["modelled_risk_percent"] is None
    assert result.value["odds_ratio"] == 2.21
    assert result.evidence == "unverified"


def test_the_combined_risk_is_labelled_as_our_modelling_step():
    result = risk(27, 1)
    expected = round(odds_to_risk(9.8, 1.54), 1)
    assert result.value["modelled_risk_percent"] == expected
    assert any("our modelling step" in caveat.lower() for caveat in result.caveats)
    assert any(line.startswith("Our modelling step") for line in result.explanation)


def test_with_no_previous_miscarriage_only_the_age_band_risk_is_given():
    result = risk(27, 0)
    assert result.value["odds_ratio"] is None
    assert result.value["modelled_risk_percent"] is None


def test_age_and_run_are_required_and_checked():
    assert problems(NAME, {"age_years": 30}) == ["previous_consecutive_miscarriages: required"]
    assert problems(NAME, {"age_years": 5, "previous_consecutive_miscarriages": 0}) == [
        "age_years: must be at least 10"
    ]


percent = st.floats(min_value=0.1, max_value=99.9, allow_nan=False)
ratio = st.floats(min_value=0.1, max_value=20, allow_nan=False)


@given(percent, ratio, ratio)
def test_the_odds_arithmetic_rises_with_the_odds_ratio_and_stays_a_probability(base, r1, r2):
    low, high = sorted((r1, r2))
    lower, higher = odds_to_risk(base, low), odds_to_risk(base, high)
    assert 0 < lower < 100 and 0 < higher < 100
    # Rises, up to floating-point rounding: odds ratios one ulp apart (0.1 and
    # 0.10000000000000002) can give risks in the wrong order by one rounding step.
    assert lower <= higher or math.isclose(lower, higher, rel_tol=1e-12)


@given(percent)
def test_an_odds_ratio_of_one_leaves_the_risk_unchanged(base):
    assert math.isclose(odds_to_risk(base, 1.0), base, rel_tol=1e-9)
