"""prognosis-brigham-1999: Brigham, Conlon & Farquharson, Hum Reprod 1999;14:2868-71.

The paper's prediction table (age × previous miscarriages) was not read. Cells read in
reproductions: miscarriagemd.com (20/2, 25/2, 30/2, 35/2, 40/2, 30/3, 30/5), gpnotebook.com
citing Brigham (30/2, 30/5, "about 90%" at 20/3, "around 54%" at 45/3) and an unattributed
doctor's newspaper column (25/3, 35/3, 40/3). The other twelve cells are recalled: the tests
that use them say so, and check they are marked unverified.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpl.core.calculators.base import load_data
from tests.core.calculators.helpers import calc, problems

NAME = "prognosis-brigham-1999"

READ_IN_A_REPRODUCTION = {
    (20, 2): 92,
    (25, 2): 89,
    (30, 2): 84,
    (35, 2): 77,
    (40, 2): 69,
    (30, 3): 80,
    (30, 5): 71,
    (20, 3): 90,
    (45, 3): 54,
    (25, 3): 86,
    (35, 3): 73,
    (40, 3): 64,
}
RECALLED_NOT_VERIFIED = {
    (45, 2): 60,
    (20, 4): 88,
    (25, 4): 82,
    (30, 4): 76,
    (35, 4): 68,
    (40, 4): 58,
    (45, 4): 48,
    (20, 5): 85,
    (25, 5): 79,
    (35, 5): 62,
    (40, 5): 52,
    (45, 5): 42,
}
AGES = (20, 25, 30, 35, 40, 45)
COUNTS = (2, 3, 4, 5)


def lookup(age, count):
    return calc(NAME, {"age_years": age, "previous_miscarriages": count})


@pytest.mark.parametrize(("cell", "percent"), READ_IN_A_REPRODUCTION.items())
def test_cells_read_in_a_reproduction_are_returned_as_secondary_evidence(cell, percent):
    result = lookup(*cell)
    assert result.value == percent
    assert result.details["cell_evidence"] == "secondary"
    assert result.evidence == "secondary"


@pytest.mark.parametrize(("cell", "percent"), RECALLED_NOT_VERIFIED.items())
def test_recalled_cells_are_returned_but_marked_unverified(cell, percent):
    # These numbers are recalled, not verified: the test pins the recall and the label.
    result = lookup(*cell)
    assert result.value == percent
    assert result.evidence == "unverified"
    assert "recalled, not verified" in result.summary


def test_the_data_file_holds_exactly_these_24_cells_and_labels():
    numbers = load_data(NAME).numbers
    for cells, label in (
        (READ_IN_A_REPRODUCTION, "secondary"),
        (RECALLED_NOT_VERIFIED, "unverified"),
    ):
        for (age, count), percent in cells.items():
            number = numbers[f"success_age_{age}_after_{count}"]
            assert (number.value, number.evidence) == (percent, label)


def test_an_age_between_rows_is_not_tabulated_and_shows_the_neighbouring_cells():
    result = lookup(32, 3)
    assert result.value == "not_tabulated"
    assert [n["age_years"] for n in result.details["neighbouring_cells"]] == [30, 35]
    assert [n["success_percent"] for n in result.details["neighbouring_cells"]] == [80, 73]


@pytest.mark.parametrize("count", [0, 1, 6])
def test_counts_outside_two_to_five_are_not_tabulated(count):
    result = lookup(30, count)
    assert result.value == "not_tabulated"
    assert "2 to 5 previous miscarriages" in result.summary


def test_ages_outside_20_to_45_are_not_tabulated():
    assert "ages 20 to 45" in lookup(18, 3).summary
    assert lookup(46, 3).value == "not_tabulated"


def test_age_and_count_are_required_and_checked():
    assert problems(NAME, {"age_years": 30}) == ["previous_miscarriages: required"]
    assert problems(NAME, {"age_years": 30, "previous_miscarriages": -1}) == [
        "previous_miscarriages: must be at least 0"
    ]
    assert problems(NAME, {"age_years": 30, "previous_miscarriages": 2.5}) == [
        "previous_miscarriages: expected a whole number"
    ]


TABLE = READ_IN_A_REPRODUCTION | RECALLED_NOT_VERIFIED


@given(st.sampled_from(AGES), st.sampled_from(AGES), st.sampled_from(COUNTS))
def test_success_never_rises_with_age_including_recalled_cells(a, b, count):
    younger, older = min(a, b), max(a, b)
    assert lookup(younger, count).value >= lookup(older, count).value


@given(st.sampled_from(AGES), st.sampled_from(COUNTS), st.sampled_from(COUNTS))
def test_success_never_rises_with_more_miscarriages_including_recalled_cells(age, m, n):
    fewer, more = min(m, n), max(m, n)
    assert lookup(age, fewer).value >= lookup(age, more).value


@given(
    st.floats(min_value=10, max_value=70, allow_nan=False), st.integers(min_value=0, max_value=30)
)
def test_the_calculator_never_interpolates(age, count):
    value = lookup(age, count).value
    assert value == "not_tabulated" or value in TABLE.values()
