"""septum-cume-2018: Ludwin et al., Ultrasound Obstet Gynecol 2018;51:101-9.

Depth criterion (≥10 mm septate) as given in StatPearls 'Septate Uterus' (2023). The angle
(<140°) and indentation-to-wall-thickness (>110%) cut-offs are recalled and unverified: tests
check they are reported for information only and marked unverified.
"""

from tests.core.calculators.helpers import calc, cited, problems

NAME = "septum-cume-2018"


def test_an_indentation_of_10_mm_is_septate_and_9_point_9_mm_is_normal_or_arcuate():
    assert calc(NAME, {"internal_indentation_mm": 10}).value == "septate"
    assert calc(NAME, {"internal_indentation_mm": 9.9}).value == "normal_arcuate"


def test_the_depth_criterion_alone_is_secondary_evidence():
    result = calc(NAME, {"internal_indentation_mm": 12})
    assert result.evidence == "secondary"
    assert cited(result) == {"septate_depth_from_mm"}


def test_the_unverified_angle_and_ratio_cut_offs_inform_but_never_change_the_class():
    result = calc(
        NAME, {"internal_indentation_mm": 8, "indentation_angle_deg": 120, "wall_thickness_mm": 6}
    )
    assert result.value == "normal_arcuate"
    assert result.details["angle_suggests_septate_unverified"] is True
    assert result.details["ratio_suggests_septate_unverified"] is True
    assert result.evidence == "unverified"
    assert any("not verified" in caveat for caveat in result.caveats)


def test_a_missing_depth_is_rejected_by_name():
    assert problems(NAME, {"indentation_angle_deg": 120}) == ["internal_indentation_mm: required"]


def test_the_unverified_angle_and_ratio_cut_offs_are_strict_on_both_sides():
    # Recalled cut-offs (angle <140°, ratio >110%): information only, tested on both sides.
    def info(angle, wall):
        return calc(
            NAME,
            {
                "internal_indentation_mm": 11,
                "indentation_angle_deg": angle,
                "wall_thickness_mm": wall,
            },
        ).details

    assert info(139.9, 10)["angle_suggests_septate_unverified"] is True
    assert info(140, 10)["angle_suggests_septate_unverified"] is False
    assert info(140, 10)["ratio_suggests_septate_unverified"] is False  # 11/10 = exactly 110%
    assert info(140, 9.9)["ratio_suggests_septate_unverified"] is True
