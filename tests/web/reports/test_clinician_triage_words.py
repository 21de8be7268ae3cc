"""The clinician's outputs address the clinician: the triage box of the clinician report (HTML
and PDF), the clinic's record and assessment pages, the CLI text and the FHIR narrative give the
clinician's wording; the patient report keeps the woman's. Same level, same facts, same sources."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from rpl.core.triage import ACT_ECTOPIC, CLINICIAN_WORDS, ECTOPIC_CARE, TELL_WEEKS
from rpl.present.assessment import for_clinician, for_patient
from rpl.present.narrative import clinician_narrative
from rpl.present.text import clinician_text
from rpl.present.translate import translator
from rpl.web.reports.pdf import render_html

TODAY = dt.date(2025, 6, 1)
RECORD = {
    "format": "rpl-couple/1",
    "id": "ectopic-now",
    "assessed_on": "2025-03-01",
    "woman": {"age_years": 34, "bmi": 24.1, "smoking": "never", "conditions": []},
    "pregnancies": [
        {"outcome": "miscarriage", "gestational_age": ga, "confirmed_by": "ultrasound"}
        for ga in ("7+2", "8+4", "9+1")
    ],
    "current_pregnancy": {"gestational_age": "6+2", "location": "ectopic", "symptoms": []},
}
ESHRE = get_profile("eshre-2022", load_profiles())
YOU = {"en": re.compile(r"\b(you|your)\b", re.IGNORECASE)}


def _assessed():
    checked = parse_record(RECORD, TODAY)
    return checked, assess(checked, ESHRE)


@pytest.mark.parametrize("language", ["en", "vi", "zh-hans", "tr"])
def test_the_clinician_report_speaks_to_the_clinician_and_the_patient_report_to_her(language):
    checked, _ = _assessed()
    tr = translator(language)
    clinician_words = tr.text(CLINICIAN_WORDS[ACT_ECTOPIC]).text
    her_words = tr.text(ACT_ECTOPIC).text
    assert clinician_words != her_words
    clinician = render_html(
        checked, ESHRE, audience="clinician", language=language, generated_on=TODAY
    )
    patient = render_html(checked, ESHRE, audience="patient", language=language, generated_on=TODAY)
    assert clinician_words in clinician and her_words not in clinician
    assert her_words in patient and clinician_words not in patient
    assert tr.text(CLINICIAN_WORDS[ECTOPIC_CARE]).text in clinician
    assert tr.text(CLINICIAN_WORDS[TELL_WEEKS]).text in clinician
    assert tr.label("What to ask her and record") in clinician


def test_the_english_clinician_triage_never_says_you_anywhere_it_is_shown():
    checked, assessment = _assessed()
    tr = translator("en")
    view = for_clinician(assessment, tr, record=checked.record)
    assert view.triage is not None
    html = render_html(checked, ESHRE, audience="clinician", language="en", generated_on=TODAY)
    box = html[
        html.index('<div class="triage') : html.index("</div>", html.index('<div class="triage'))
    ]
    text = clinician_text(view, tr)
    triage_text = text[: text.index(tr.label("Classification").upper())]
    narrative = clinician_narrative(view, tr)
    triage_narrative = narrative[: narrative.index(tr.label("Classification"))]
    for shown in (box, triage_text, triage_narrative):
        assert CLINICIAN_WORDS[ACT_ECTOPIC] in shown
        assert not YOU["en"].search(shown), shown


def test_same_level_rules_and_sources_for_both_readers():
    checked, assessment = _assessed()
    tr = translator("en")
    clinician = for_clinician(assessment, tr).triage
    patient = for_patient(assessment, checked.record, tr, "today").triage
    assert clinician is not None and patient is not None
    assert clinician.level == patient.level == "urgent"
    assert clinician.rules == patient.rules
    assert clinician.citations == patient.citations
