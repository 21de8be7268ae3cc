"""thyroid-ata-2017: Alexander et al., Thyroid 2017;27:315-389, recommendation 29.

Rows of recommendation 29 as reproduced in Frontiers in Endocrinology 2020 (PMC7154179,
Table 4) with the ATA strength labels; the 4.0 mIU/L fallback and the RPL bullet as tabulated
in PMC9874701 Table 2. Both sides of 2.5, the upper limit and 10.0 are tested.
"""

import pytest

from tests.core.calculators.helpers import calc, cited, problems

NAME = "thyroid-ata-2017"


def thyroid(tsh, tpo, **more):
    return calc(NAME, {"pregnant": True, "tsh_miu_per_l": tsh, "tpo_antibodies": tpo, **more})


@pytest.mark.parametrize(
    ("tsh", "tpo", "expected", "rule"),
    [
        (4.01, "positive", "recommended", "rec29_tpo_positive_above_range"),
        (4.0, "positive", "undefined_by_source", "rec29_tpo_positive_above_range"),
        (3.99, "positive", "conditional", "rec29_tpo_positive_above_2_5"),
        (2.51, "positive", "conditional", "rec29_tpo_positive_above_2_5"),
        (2.5, "positive", "conditional", "rpl_tpo_positive_euthyroid"),
        (1.2, "positive", "conditional", "rpl_tpo_positive_euthyroid"),
        (10.01, "negative", "recommended", "rec29_tpo_negative_above_10"),
        (10.0, "negative", "undefined_by_source", "rec29_tpo_negative_above_10"),
        (9.99, "negative", "conditional", "rec29_tpo_negative_above_range_below_10"),
        (4.01, "negative", "conditional", "rec29_tpo_negative_above_range_below_10"),
        (4.0, "negative", "not_recommended", "rec29_tpo_negative_normal"),
        (2.6, "negative", "not_recommended", "rec29_tpo_negative_normal"),
    ],
)
def test_each_side_of_every_recommendation_29_boundary(tsh, tpo, expected, rule):
    result = thyroid(tsh, tpo, free_t4="normal")
    assert result.value == expected
    assert rule in cited(result)


def test_without_a_laboratory_limit_the_ata_fallback_of_4_mIU_per_litre_is_used_and_said():
    result = thyroid(3.1, "positive")
    assert result.details["upper_limit_miu_per_l"] == 4.0
    assert result.details["upper_limit_source"] == "ata_default"
    assert any("used 4.0 mIU/L" in line for line in result.assumptions)
    assert "default_upper_limit_miu_per_l" in cited(result)


def test_the_laboratorys_own_limit_replaces_the_fallback():
    result = thyroid(3.6, "negative", tsh_upper_limit_miu_per_l=3.5)
    assert result.value == "conditional"
    assert result.assumptions == []
    assert "default_upper_limit_miu_per_l" not in cited(result)


def test_strength_labels_are_quoted_in_the_explanation():
    result = thyroid(12, "negative")
    assert any("Strong recommendation, low-quality evidence" in line for line in result.explanation)


def test_overt_hypothyroidism_is_treated_but_that_rule_is_marked_unverified():
    result = thyroid(6, "negative", free_t4="low")
    assert result.value == "recommended"
    assert result.evidence == "unverified"


def test_a_high_free_t4_is_outside_the_calculator():
    assert thyroid(0.1, "negative", free_t4="high").value == "not_covered"


def test_a_missing_free_t4_is_accepted_with_a_caveat():
    result = thyroid(5, "positive")
    assert result.value == "recommended"
    assert any("Free T4 not given" in caveat for caveat in result.caveats)


def test_outside_pregnancy_the_result_is_not_covered_but_shows_what_pregnancy_would_give():
    result = calc(NAME, {"pregnant": False, "tsh_miu_per_l": 3.1, "tpo_antibodies": "positive"})
    assert result.value == "not_covered"
    assert result.details["decision_in_pregnancy"] == "conditional"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"pregnant": True, "tsh_miu_per_l": -0.5, "tpo_antibodies": "negative"},
            "tsh_miu_per_l: must be at least 0",
        ),
        (
            {"pregnant": True, "tsh_miu_per_l": 2, "tpo_antibodies": "borderline"},
            "tpo_antibodies: unknown code; expected one of: positive or negative",
        ),
        ({"pregnant": True, "tpo_antibodies": "negative"}, "tsh_miu_per_l: required"),
        (
            {
                "pregnant": True,
                "tsh_miu_per_l": 2,
                "tpo_antibodies": "negative",
                "tsh_upper_limit_miu_per_l": 0,
            },
            "tsh_upper_limit_miu_per_l: must be more than 0",
        ),
        (
            {"pregnant": "yes", "tsh_miu_per_l": 2, "tpo_antibodies": "negative"},
            "pregnant: expected true or false",
        ),
    ],
)
def test_invalid_thyroid_inputs_are_rejected_by_field(data, message):
    assert message in problems(NAME, data)
