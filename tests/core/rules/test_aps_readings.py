"""How each antiphospholipid result is read (rules/aps.py): units through the declared table,
the laboratory's cut-off when given, else the published thresholds; repeats and their dates."""

from __future__ import annotations

import datetime as dt

import pytest

from rpl.core.assessment import assess
from rpl.core.profiles import load_profiles
from rpl.core.record import Result
from rpl.core.rules import aps
from tests.core.helpers import checked

PROFILES = load_profiles()


def result(test: str, value, unit=None, reference_range=None, date="2024-06-03") -> Result:
    data = {"test": test, "date": date, "value": value}
    if unit is not None:
        data["unit"] = unit
    if reference_range is not None:
        data["reference_range"] = reference_range
    return checked("miscarriage 8", results=[data]).record.results[0]


@pytest.mark.parametrize("unit", ["GPL", "GPL/mL", "GPL U/mL", "gpl-u/ml", "GPLU/mL", "GPL units"])
def test_the_printed_forms_of_the_gpl_unit_are_read_as_gpl(unit):
    assert aps.titre_in_criteria_unit(result("anticardiolipin_igg", 55, unit)) == 55


@pytest.mark.parametrize("unit", ["U/mL", "CU", "AU/mL", "MPL"])
def test_an_anticardiolipin_igg_unit_that_is_not_gpl_gives_no_titre(unit):
    assert aps.titre_in_criteria_unit(result("anticardiolipin_igg", 55, unit)) is None


def test_anti_b2gp1_titres_are_read_in_the_assays_units_but_not_in_chemiluminescence_units():
    assert aps.titre_in_criteria_unit(result("anti_b2gp1_igg", 45, "U/mL")) == 45
    assert aps.titre_in_criteria_unit(result("anti_b2gp1_igm", 45, "units")) == 45
    assert aps.titre_in_criteria_unit(result("anti_b2gp1_igg", 45, "CU")) is None


def test_the_unit_table_names_only_antiphospholipid_tests_and_converts_nothing():
    table = aps.unit_table()
    assert set(table) == {
        "anticardiolipin_igg",
        "anticardiolipin_igm",
        "anti_b2gp1_igg",
        "anti_b2gp1_igm",
    }
    assert {factor for _, factor, _ in table.values()} == {1.0}


def test_without_a_laboratory_cut_off_anticardiolipin_is_read_against_sydneys_40():
    assert aps.read(result("anticardiolipin_igg", 55, "GPL/mL")).positive is True
    assert aps.read(result("anticardiolipin_igg", 40, "GPL")).positive is False  # "> 40"
    assert aps.read(result("anticardiolipin_igm", 40.5, "MPL")).positive is True


def test_a_one_sided_laboratory_range_is_the_cut_off():
    low_positive = aps.read(result("anticardiolipin_igg", 25, "GPL", "<20"))
    assert (low_positive.above_cutoff, low_positive.positive) == (True, True)
    negative = aps.read(result("anticardiolipin_igg", 12, "GPL", [None, 20]))
    assert (negative.above_cutoff, negative.positive) == (False, False)
    on_the_bound = aps.read(result("anticardiolipin_igg", 20, "GPL", "<20"))
    assert on_the_bound.positive is False  # a value on a bound lies within the range


def test_anticardiolipin_in_an_unknown_unit_without_a_cut_off_cannot_be_read_and_says_why():
    reading = aps.read(result("anticardiolipin_igg", 55, "U/mL"))
    assert reading.positive is None
    assert reading.need == aps.NEED_ACL_UNIT
    # The laboratory's own cut-off is read whatever the unit.
    assert aps.read(result("anticardiolipin_igg", 55, "U/mL", [0, 20])).positive is True


def test_anti_b2gp1_without_a_cut_off_counts_for_acr_eular_bands_but_not_for_sydneys_percentile():
    moderate = aps.read(result("anti_b2gp1_igg", 45, "U/mL"))
    assert (moderate.positive, moderate.sydney_positive) == (True, None)
    assert moderate.need == aps.NEED_B2GP1_CUTOFF
    low = aps.read(result("anti_b2gp1_igg", 25, "U/mL"))
    assert low.positive is None
    above = aps.read(result("anti_b2gp1_igg", 25, "U/mL", "<20"))
    assert (above.positive, above.sydney_positive, above.need) == (True, True, None)


def test_words_are_read_as_the_laboratory_reports_them():
    assert aps.read(result("lupus_anticoagulant", "positive")).positive is True
    assert aps.read(result("lupus_anticoagulant", "negative")).positive is False
    unclear = aps.read(result("lupus_anticoagulant", "borderline"))
    assert (unclear.positive, unclear.need) == (None, aps.NEED_LA_READING)
    assert aps.read(result("anti_b2gp1_igm", "positive")).sydney_positive is True


def test_a_positive_result_is_due_for_repeat_12_weeks_later_until_a_later_result_settles_it():
    first = aps.read(result("lupus_anticoagulant", "positive", date="2024-06-03"))
    repeat = aps.repeat_due([first])
    assert repeat is not None and repeat.due == dt.date(2024, 8, 26)
    assert repeat.sentence() == (
        "Repeat the lupus anticoagulant test on or after 2024-08-26, at least 12 weeks after the"
        " positive result."
    )
    too_soon = aps.read(result("lupus_anticoagulant", "positive", date="2024-08-01"))
    assert aps.repeat_due([first, too_soon]) is not None
    later = aps.read(result("lupus_anticoagulant", "negative", date="2024-09-02"))
    assert aps.repeat_due([first, later]) is None
    confirmed = aps.read(result("lupus_anticoagulant", "positive", date="2024-09-02"))
    assert aps.persistent([first, confirmed]) and aps.repeat_due([first, confirmed]) is None


def test_a_titre_beyond_the_calculators_range_is_named_in_marked_sentences():
    results = [
        {"test": "anticardiolipin_igg", "date": "2024-06-03", "value": 20000, "unit": "GPL"},
        {"test": "anticardiolipin_igg", "date": "2024-09-03", "value": 50, "unit": "GPL"},
    ]
    record = checked("miscarriage 7 ultrasound ended=2023-01-10", results=results)
    assessment = assess(record, PROFILES["eshre-2022"])
    details = {f.code: f.detail for f in assessment.findings}
    for code in ("aps_sydney_2006", "aps_acr_eular_2023"):
        assert details[code].startswith(
            "Cannot be decided yet. An anticardiolipin IgG titre in the record lies outside 0 to"
            " 10000, the range the criteria calculators accept; check the number and its unit."
        )
        assert "titre_gpl" not in details[code]  # the calculator's field name is not shown
