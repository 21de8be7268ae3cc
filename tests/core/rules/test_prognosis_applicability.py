"""The Brigham 1999 table describes unexplained first-trimester recurrent miscarriage: outside
that, the prognosis says why it does not apply instead of giving a figure."""

from rpl.core.assessment import assess
from rpl.core.profiles import load_profiles
from rpl.core.rules.prognosis import (
    BIRTH_AFTER_LOSSES,
    CAUSE_FOUND,
    NOT_APPLICABLE,
    SECOND_TRIMESTER_LOSS,
)
from tests.core.helpers import checked

ESHRE = load_profiles()["eshre-2022"]
THREE = ("miscarriage 7 ultrasound", "miscarriage 8 ultrasound", "miscarriage 9 ultrasound")
TRANSLOCATION = [
    {
        "test": "karyotype",
        "subject": "partner",
        "date": "2024-06-03",
        "interpretation": "46,XY,t(11;22) balanced translocation",
    }
]


def prognosis(*history, **overrides):
    woman = {"age_years": 30, "bmi": 23.0, "smoking": "never"}
    return assess(checked(*history, woman=woman, **overrides), ESHRE).prognosis


def test_each_reason_the_table_does_not_apply_is_named_in_the_note():
    result = prognosis(
        "miscarriage 8 ultrasound",
        "miscarriage 17 ultrasound",
        *THREE,
        "live_birth 39",
        results=TRANSLOCATION,
    )
    assert result.live_birth_next_pregnancy is None
    for sentence in (NOT_APPLICABLE, CAUSE_FOUND, SECOND_TRIMESTER_LOSS, BIRTH_AFTER_LOSSES):
        assert sentence in result.note


def test_an_unexplained_first_trimester_history_keeps_its_figure():
    result = prognosis(*THREE)
    assert result.live_birth_next_pregnancy is not None
    assert result.live_birth_next_pregnancy.estimate_percent == 80


def test_a_birth_between_the_losses_but_not_after_them_keeps_the_figure():
    result = prognosis("miscarriage 8 ultrasound", "live_birth 39", *THREE[:2])
    assert result.live_birth_next_pregnancy is not None
