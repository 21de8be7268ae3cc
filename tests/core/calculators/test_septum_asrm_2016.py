"""septum-asrm-2016: ASRM 2016 uterine septum criteria (as carried into MAC2021).

Definitions as reproduced in the radiopaedia diagram text (partial-septate-uterus-3): normal/
arcuate depth <1 cm and angle >90°; septate depth >1.5 cm and angle <90°; bicornuate external
indentation >1 cm; anything else is the grey zone.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.calculators.helpers import calc, problems

NAME = "septum-asrm-2016"


def septum(depth, angle, external=0):
    return calc(
        NAME,
        {
            "internal_indentation_mm": depth,
            "indentation_angle_deg": angle,
            "external_indentation_mm": external,
        },
    )


@pytest.mark.parametrize(
    ("depth", "angle", "external", "expected"),
    [
        (16, 70, 0, "septate"),
        (15.1, 89.9, 0, "septate"),
        (15, 70, 0, "grey_zone"),  # depth not above 15 mm
        (16, 90, 0, "grey_zone"),  # angle not below 90°
        (9.9, 90.1, 0, "normal_arcuate"),
        (10, 120, 0, "grey_zone"),  # depth not below 10 mm
        (5, 90, 0, "grey_zone"),  # angle not above 90°
        (12, 100, 0, "grey_zone"),  # between 10 and 15 mm
        (5, 70, 0, "grey_zone"),  # discordant depth and angle
        (20, 60, 10.1, "bicornuate"),
        (20, 60, 10, "septate"),  # external not above 10 mm
    ],
)
def test_each_side_of_every_asrm_cut_off(depth, angle, external, expected):
    assert septum(depth, angle, external).value == expected


def test_the_grey_zone_result_says_which_definition_failed():
    result = septum(16, 100)
    assert "angle 100° is not below 90°" in result.summary


def test_the_result_cites_the_asrm_definitions_as_secondary():
    result = septum(16, 70)
    assert result.evidence == "secondary"
    assert {c.source for c in result.sources} == {"ASRM-2016-MULLERIAN"}


def test_a_missing_angle_is_rejected_by_name():
    assert problems(NAME, {"internal_indentation_mm": 12, "external_indentation_mm": 0}) == [
        "indentation_angle_deg: required"
    ]


def test_a_negative_depth_and_an_angle_over_180_degrees_are_rejected():
    found = problems(
        NAME,
        {"internal_indentation_mm": -2, "indentation_angle_deg": 200, "external_indentation_mm": 0},
    )
    assert found == [
        "internal_indentation_mm: must be at least 0",
        "indentation_angle_deg: must be at most 180",
    ]


@given(
    st.floats(min_value=0, max_value=40, allow_nan=False),
    st.floats(min_value=1, max_value=180, allow_nan=False),
    st.floats(min_value=0, max_value=10, allow_nan=False),
)
def test_septate_and_normal_each_need_both_of_their_conditions(depth, angle, external):
    value = septum(depth, angle, external).value
    assert value in {"septate", "normal_arcuate", "grey_zone"}
    assert (value == "septate") == (depth > 15 and angle < 90)
    assert (value == "normal_arcuate") == (depth < 10 and angle > 90)
