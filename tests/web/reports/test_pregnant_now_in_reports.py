"""'Pregnant now' in the reports is the rules' own test: a current pregnancy not known to be
ectopic. An ectopic pregnancy still opens the patient report with its triage (a known emergency
is never routine), but the plan's pregnancy lines are for the next pregnancy, under that heading."""

from __future__ import annotations

import datetime as dt

import pytest

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from rpl.present.assessment import for_patient
from rpl.present.translate import translator
from rpl.web.reports.pdf import render_html

TODAY = dt.date(2025, 6, 1)


def _record(location: str) -> dict:
    return {
        "format": "rpl-couple/1",
        "id": f"tpo-{location}",
        "assessed_on": "2025-03-01",
        "woman": {"age_years": 34, "bmi": 24.1, "smoking": "never", "conditions": []},
        "pregnancies": [
            {"outcome": "miscarriage", "gestational_age": ga, "confirmed_by": "ultrasound"}
            for ga in ("7+2", "8+4", "9+1")
        ],
        "current_pregnancy": {"gestational_age": "6+2", "location": location},
        "results": [
            {
                "test": "tsh",
                "date": "2024-03-05",
                "value": 1.6,
                "unit": "mIU/L",
                "reference_range": [0.4, 4.0],
            },
            {"test": "tpo_antibodies", "date": "2024-03-05", "value": "positive"},
        ],
    }


def _html(location: str, language: str = "en") -> str:
    checked = parse_record(_record(location), TODAY)
    profile = get_profile("eshre-2022", load_profiles())
    return render_html(checked, profile, audience="patient", language=language, generated_on=TODAY)


def test_an_ectopic_pregnancy_is_not_pregnant_now_for_the_patient_view_but_keeps_its_triage():
    checked = parse_record(_record("ectopic"), TODAY)
    profile = get_profile("eshre-2022", load_profiles())
    view = for_patient(assess(checked, profile), checked.record, translator("en"), "today")
    assert view.triage is not None and view.triage.level not in ("routine", "soon")
    assert not view.pregnant_now


@pytest.mark.parametrize("language", ["en", "vi"])
def test_with_an_ectopic_pregnancy_the_tsh_check_stands_under_the_next_pregnancy(language):
    tr = translator(language)
    html = _html("ectopic", language)
    assert tr.label("For this pregnancy") not in html
    assert tr.label("For your next pregnancy") in html
    assert html.index(tr.label("Your pregnancy now")) < html.index(
        tr.label("For your next pregnancy")
    )


def test_pregnant_now_the_tsh_check_stands_under_this_pregnancy_after_the_triage():
    html = _html("intrauterine")
    assert "For your next pregnancy" not in html
    assert html.index("Your pregnancy now") < html.index("For this pregnancy")
