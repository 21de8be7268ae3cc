import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpl.core.gestation import MAX_WEEKS, GestationalAge, parse_gestational_age


@pytest.mark.parametrize(
    ("text", "weeks", "days"),
    [("8+3", 8, 3), ("8", 8, 0), ("0+0", 0, 0), ("45", 45, 0), (" 12 + 6 ", 12, 6), (9, 9, 0)],
)
def test_weeks_plus_days_and_whole_weeks_are_both_accepted(text, weeks, days):
    ga = parse_gestational_age(text)
    assert (ga.weeks, ga.days) == (weeks, days)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("45+1", "45-week limit"),
        ("46", "45-week limit"),
        ("-3", "negative"),
        ("8+-1", "negative"),
        ("8+7", "days must be 0 to 6"),
        ("eight", "weeks+days"),
        ("8.5", "weeks+days"),
        ("", "weeks+days"),
        (True, "weeks+days"),
        (8.5, "weeks+days"),
    ],
)
def test_impossible_gestational_ages_are_rejected_with_the_reason(text, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_gestational_age(text)


def test_the_day_before_a_limit_is_before_it_and_the_limit_itself_is_not():
    assert GestationalAge.of(23, 6).is_before_weeks(24)
    assert not GestationalAge.of(24, 0).is_before_weeks(24)


@given(st.integers(min_value=0, max_value=MAX_WEEKS * 7))
def test_a_gestational_age_survives_a_round_trip_through_its_text(total_days):
    ga = GestationalAge(total_days)
    assert parse_gestational_age(str(ga)) == ga
