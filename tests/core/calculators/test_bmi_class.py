"""bmi-class: WHO international classification of adult BMI (TRS 894, as reproduced) and the BMI
band RCOG GTG 17 lists among the risk factors for miscarriage (below 19 or above 25 kg/m²)."""

import pytest

from rpl.core.calculators.base import load_data
from tests.core.calculators.helpers import calc, cited, problems

NAME = "bmi-class"


@pytest.mark.parametrize(
    ("bmi", "expected"),
    [
        (18.4, "underweight"),
        (18.5, "normal"),
        (24.9, "normal"),
        (25.0, "overweight"),
        (29.9, "overweight"),
        (30.0, "obesity_class_1"),
        (34.9, "obesity_class_1"),
        (35.0, "obesity_class_2"),
        (40.0, "obesity_class_3"),
    ],
)
def test_each_who_class_starts_at_its_published_cut_off(bmi, expected):
    assert calc(NAME, {"bmi_kg_m2": bmi, "cut_offs": "who"}).value == expected


def test_a_bmi_of_25_to_29_point_9_is_overweight_not_obesity():
    result = calc(NAME, {"bmi_kg_m2": 27.4, "cut_offs": "who"})
    assert result.value == "overweight"
    assert result.details["obesity"] is False


@pytest.mark.parametrize(
    ("bmi", "band"),
    [(18.9, "below"), (19.0, None), (25.0, None), (25.1, "above"), (31, "above")],
)
def test_rcogs_risk_band_is_below_19_or_above_25(bmi, band):
    assert calc(NAME, {"bmi_kg_m2": bmi, "cut_offs": "who"}).details["rcog_risk_band"] == band


def test_every_cut_off_used_is_cited_with_its_source():
    result = calc(NAME, {"bmi_kg_m2": 32, "cut_offs": "who"})
    assert {"who_obesity_class_1_from", "rcog_risk_above"} <= cited(result)
    assert {c.source for c in result.sources} == {"WHO-BMI", "RCOG-GTG17-2023"}
    assert result.evidence == "secondary"


def test_the_cut_offs_are_data_not_code():
    # Issue 22 adds other cut-offs as data and a `cut_offs` choice; nothing in code changes.
    numbers = load_data(NAME).numbers
    assert numbers["who_overweight_from"].value == 25
    assert numbers["who_obesity_class_1_from"].value == 30
    assert numbers["asia_2004_high_risk_from"].value == 27.5
    assert numbers["china_obesity_from"].value == 28
    assert problems(NAME, {"bmi_kg_m2": 30, "cut_offs": "asia"}) == [
        "cut_offs: unknown code; expected one of: who, who-asia-2004, asia-pacific-2000 or"
        " china-2024"
    ]


@pytest.mark.parametrize(
    ("cut_offs", "bmi", "expected"),
    [
        ("who-asia-2004", 18.4, "underweight"),
        ("who-asia-2004", 22.9, "normal"),
        ("who-asia-2004", 23.0, "overweight"),
        ("who-asia-2004", 27.4, "overweight"),
        ("who-asia-2004", 27.5, "obesity"),
        ("who-asia-2004", 40.0, "obesity"),
        ("asia-pacific-2000", 22.9, "normal"),
        ("asia-pacific-2000", 23.0, "overweight"),
        ("asia-pacific-2000", 24.9, "overweight"),
        ("asia-pacific-2000", 25.0, "obesity_class_1"),
        ("asia-pacific-2000", 29.9, "obesity_class_1"),
        ("asia-pacific-2000", 30.0, "obesity_class_2"),
        ("china-2024", 18.4, "underweight"),
        ("china-2024", 23.9, "normal"),
        ("china-2024", 24.0, "overweight"),
        ("china-2024", 27.9, "overweight"),
        ("china-2024", 28.0, "obesity"),
    ],
)
def test_each_asian_set_starts_its_classes_at_its_own_published_cut_offs(cut_offs, bmi, expected):
    assert calc(NAME, {"bmi_kg_m2": bmi, "cut_offs": cut_offs}).value == expected


def test_the_summary_names_the_set_and_the_sources_are_the_sets_own():
    result = calc(NAME, {"bmi_kg_m2": 25.3, "cut_offs": "asia-pacific-2000"})
    assert result.summary == (
        "BMI 25.3 kg/m²: obesity (class I) by the Asia-Pacific cut-offs (WHO Western Pacific"
        " Region, 2000)."
    )
    assert result.details["cut_offs"] == "asia-pacific-2000" and result.details["obesity"]
    assert "WPRO-BMI-2000" in {c.source for c in result.sources}
    assert "WHO-BMI" not in {c.source for c in result.sources}
    china = calc(NAME, {"bmi_kg_m2": 25.3, "cut_offs": "china-2024"})
    assert china.value == "overweight"
    assert "China's adult cut-offs" in china.summary


def test_an_implausible_bmi_is_refused():
    assert problems(NAME, {"bmi_kg_m2": 9})[0].startswith("bmi_kg_m2:")


def test_without_its_cut_offs_the_class_is_not_given_the_who_ones_silently():
    # Which cut-offs decide the class is a definition: it was "who" when left out.
    assert problems(NAME, {"bmi_kg_m2": 30}) == ["cut_offs: required"]
