"""Progesterone for bleeding is a treatment for the pregnancy she has now, when she has one."""

from rpl.core.assessment import assess
from rpl.core.profiles import load_profiles
from tests.core.helpers import checked

PROFILES = load_profiles()
HISTORY = ("miscarriage 8 ultrasound", "miscarriage 9 ultrasound")


def sections_with(assessment, code):
    return [
        section
        for section in ("treatments", "next_pregnancy")
        if any(item.code == code for item in getattr(assessment, section))
    ]


def test_bleeding_now_puts_progesterone_under_treatments_for_now_under_every_profile_citing_it():
    current = {"gestational_age": "7+2", "location": "intrauterine", "symptoms": ["bleeding_light"]}
    for profile_id in ("rcog-2023", "eshre-2022"):
        assessment = assess(checked(*HISTORY, current_pregnancy=current), PROFILES[profile_id])
        assert sections_with(assessment, "progesterone_bleeding") == ["treatments"], profile_id


def test_without_a_current_pregnancy_progesterone_for_bleeding_is_for_the_next_pregnancy():
    assessment = assess(checked(*HISTORY), PROFILES["rcog-2023"])
    assert sections_with(assessment, "progesterone_bleeding") == ["next_pregnancy"]


def test_a_known_ectopic_pregnancy_gets_no_progesterone_now():
    current = {"gestational_age": "7", "location": "ectopic", "symptoms": ["bleeding_light"]}
    assessment = assess(checked(*HISTORY, current_pregnancy=current), PROFILES["rcog-2023"])
    assert sections_with(assessment, "progesterone_bleeding") == ["next_pregnancy"]


def test_from_12_weeks_the_item_says_it_is_outside_the_trials_instead_of_recommending():
    current = {
        "gestational_age": "12+0",
        "location": "intrauterine",
        "symptoms": ["bleeding_light"],
    }
    assessment = assess(checked(*HISTORY, current_pregnancy=current), PROFILES["rcog-2023"])
    [item] = [i for i in assessment.treatments if i.code == "progesterone_bleeding"]
    assert item.recommendation == "undecided"
    assert "first 12 weeks" in item.reason
    assert "PRISM-04" in {s.recommendation for s in item.sources}
