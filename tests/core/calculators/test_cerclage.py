"""cerclage: ACOG Practice Bulletin 142, RCOG Green-top 75 (2022), NICE NG25 rec 1.2.1, NICE QS135.

ACOG indications as tabulated in the Johns Hopkins manual (Table 6-1); RCOG key recommendations
(BJOG 2022;129:1178, section 1); NICE NG25 1.2.1 "less than 25 mm", QS135 statement 2 "25 mm
or less", history 16+0 to 34+0, scan 16+0 to 24+0.
"""

import pytest

from tests.core.calculators.helpers import calc, problems

NAME = "cerclage"


def ptb(age):
    return {"kind": "spontaneous_preterm_birth", "gestational_age": age}


def mid_loss(age, painless=None):
    item = {"kind": "spontaneous_second_trimester_loss", "gestational_age": age}
    if painless is not None:
        item["painless_cervical_dilation"] = painless
    return item


def cerclage(guideline, history, length=None, at=None, singleton=True, **more):
    data = {"guideline": guideline, "singleton": singleton, "previous_pregnancies": history, **more}
    if length is not None:
        data["cervical_length_mm"] = length
        data["current_gestational_age"] = at
    return calc(NAME, data)


def us(result):
    return result.value["ultrasound_indicated"]


def hx(result):
    return result.value["history_indicated"]


ACOG = {"previous_cerclage_for_painless_dilation": False}
# NICE NG25 1.2.1 offers a choice of vaginal progesterone or cerclage: one decision, not two.
CHOICE = "choice_with_progesterone"


def test_acog_ultrasound_indicated_needs_a_cervix_below_25_mm_before_24_weeks_after_preterm_birth_before_34():
    # PB 142 Level A: "cerclage ... may be considered" (Guideline Central summary, first bullet).
    assert us(cerclage("acog-pb142", [ptb("33+6")], 24.9, "23+6", **ACOG)) == "conditional"
    assert us(cerclage("acog-pb142", [ptb("33+6")], 25, "23+6", **ACOG)) == "not_indicated"
    assert us(cerclage("acog-pb142", [ptb("33+6")], 20, "24+0", **ACOG)) == "not_covered"


def test_acog_does_not_indicate_cerclage_for_a_short_cervix_without_earlier_preterm_birth_before_34_weeks():
    # PB 142 Level A, second bullet: no significant reduction in preterm birth without that history.
    assert us(cerclage("acog-pb142", [ptb("34+0")], 20, "20+0", **ACOG)) == "not_recommended"


def test_acog_history_indicated_follows_painless_second_trimester_loss_or_earlier_cerclage():
    assert hx(cerclage("acog-pb142", [mid_loss("20", True)], **ACOG)) == "conditional"
    assert hx(cerclage("acog-pb142", [mid_loss("20", False)], **ACOG)) == "not_indicated"
    assert (
        hx(cerclage("acog-pb142", [], previous_cerclage_for_painless_dilation=True))
        == "conditional"
    )


def test_at_exactly_25_mm_nice_ng25_does_not_offer_cerclage_but_qs135_does():
    # NG25 1.2.1 "less than 25 mm"; QS135 statement 2 "25 mm or less".
    assert us(cerclage("nice-ng25", [mid_loss("20")], 25, "20+0")) == "not_indicated"
    assert us(cerclage("nice-qs135", [mid_loss("20")], 25, "20+0")) == CHOICE
    assert us(cerclage("nice-ng25", [mid_loss("20")], 24.9, "20+0")) == CHOICE
    assert us(cerclage("nice-qs135", [mid_loss("20")], 25.1, "20+0")) == "not_indicated"


@pytest.mark.parametrize(
    ("history_age", "expected"),
    [
        ("15+6", "not_covered"),
        ("16+0", CHOICE),
        ("34+0", CHOICE),
        ("34+1", "not_covered"),
    ],
)
def test_nice_history_window_runs_from_16_to_34_weeks(history_age, expected):
    assert us(cerclage("nice-ng25", [ptb(history_age)], 20, "20+0")) == expected


@pytest.mark.parametrize(
    ("scan_age", "expected"),
    [
        ("15+6", "not_covered"),
        ("16+0", CHOICE),
        ("24+0", CHOICE),
        ("24+1", "not_covered"),
    ],
)
def test_nice_scan_window_runs_from_16_to_24_weeks(scan_age, expected):
    assert us(cerclage("nice-ng25", [ptb("30")], 20, scan_age)) == expected


def test_nice_history_indicated_cerclage_is_not_covered():
    assert hx(cerclage("nice-ng25", [ptb("30")] * 3)) == "not_covered"


def test_rcog_offers_history_indicated_cerclage_after_three_preterm_births():
    assert hx(cerclage("rcog-gtg75", [ptb("30"), ptb("32"), ptb("35")])) == "recommended"
    assert hx(cerclage("rcog-gtg75", [ptb("30"), ptb("32")])) == "not_indicated"
    assert (
        hx(cerclage("rcog-gtg75", [ptb("30"), ptb("32"), ptb("35")], singleton=False))
        == "not_covered"
    )


def test_rcog_counts_preterm_births_before_37_weeks_only():
    assert hx(cerclage("rcog-gtg75", [ptb("30"), ptb("32"), ptb("36+6")])) == "recommended"
    assert hx(cerclage("rcog-gtg75", [ptb("30"), ptb("32"), ptb("37+0")])) == "not_indicated"


def test_rcog_ultrasound_surveillance_applies_before_24_weeks():
    assert us(cerclage("rcog-gtg75", [mid_loss("20")], 20, "23+6")) == "conditional"
    assert us(cerclage("rcog-gtg75", [mid_loss("20")], 20, "24+0")) == "not_covered"


def test_rcog_leaves_undefined_whether_second_trimester_losses_count_towards_three():
    assert (
        hx(cerclage("rcog-gtg75", [ptb("30"), ptb("32"), mid_loss("20")])) == "undefined_by_source"
    )


def test_rcog_calls_a_cervix_above_25_mm_low_risk_and_25_mm_or_less_may_lead_to_cerclage():
    low = cerclage("rcog-gtg75", [mid_loss("20")], 25.1, "18+0")
    assert us(low) == "not_indicated"
    short = cerclage("rcog-gtg75", [mid_loss("20")], 25, "18+0")
    assert us(short) == "conditional"
    assert short.evidence == "unverified"  # the ≤25 mm trigger is recalled, not read


def test_rcog_does_not_recommend_cerclage_for_an_incidental_short_cervix():
    assert us(cerclage("rcog-gtg75", [], 15, "20+0")) == "not_recommended"


def test_without_a_cervical_length_the_ultrasound_route_is_not_assessed():
    assert us(cerclage("nice-qs135", [ptb("30")])) == "not_assessed"


def test_the_guideline_is_a_required_input():
    assert "guideline: required" in problems(NAME, {"singleton": True, "previous_pregnancies": []})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "guideline": "nice-ng25",
                "singleton": True,
                "previous_pregnancies": [],
                "cervical_length_mm": -1,
                "current_gestational_age": "20",
            },
            "cervical_length_mm: must be at least 0",
        ),
        (
            {
                "guideline": "nice-ng25",
                "singleton": True,
                "previous_pregnancies": [],
                "cervical_length_mm": 20,
            },
            "current_gestational_age: required with cervical_length_mm",
        ),
        (
            {"guideline": "nice-ng25", "singleton": True, "previous_pregnancies": [ptb("50")]},
            "previous_pregnancies[0].gestational_age: over the 45-week limit of a pregnancy",
        ),
        (
            {"guideline": "who", "singleton": True, "previous_pregnancies": []},
            "guideline: unknown code; expected one of: acog-pb142, rcog-gtg75, nice-ng25 or nice-qs135",
        ),
        (
            {
                "guideline": "acog-pb142",
                "singleton": True,
                "previous_pregnancies": [mid_loss("20")],
                "previous_cerclage_for_painless_dilation": False,
            },
            "previous_pregnancies[0].painless_cervical_dilation: required for second-trimester losses under acog-pb142",
        ),
    ],
)
def test_invalid_cerclage_inputs_are_rejected_by_field(data, message):
    assert message in problems(NAME, data)


def test_nice_reports_progesterone_or_cerclage_as_one_choice_not_two_recommendations():
    result = cerclage("nice-ng25", [mid_loss("20")], 20, "20+0")
    assert us(result) == CHOICE
    assert "offered as a choice with vaginal progesterone" in result.summary
    assert "recommended" not in result.value.values()


def test_rcog_ultrasound_route_opens_at_14_weeks():
    # RCOG: ultrasound-indicated cerclage usually between 14 and 24 weeks (secondary).
    assert us(cerclage("rcog-gtg75", [mid_loss("20")], 20, "13+6")) == "not_covered"
    assert us(cerclage("rcog-gtg75", [mid_loss("20")], 20, "14+0")) == "conditional"


def test_twins_are_outside_every_ultrasound_route():
    for guideline, more in (("rcog-gtg75", {}), ("acog-pb142", ACOG)):
        assert us(
            cerclage(guideline, [mid_loss("20", True)], 15, "20+0", singleton=False, **more)
        ) == ("not_covered")
