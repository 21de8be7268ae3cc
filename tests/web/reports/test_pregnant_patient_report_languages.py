"""A pregnant woman's patient report in Vietnamese, Chinese and Turkish, from a complete record
(clinician's audit, 2026-12-07: obstetric APS confirmed twice, pregnant again at 6+2 weeks): it
opens with her pregnancy's triage, puts aspirin and heparin under this pregnancy, and names the
abnormal result in plain words before her history."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from rpl.present.assessment import ABNORMAL_RESULT
from rpl.present.translate import translator
from rpl.web.reports.pdf import render_report

TODAY = dt.date(2025, 6, 1)
MISCARRIAGES = [("7+2", "2022-11-14"), ("8+4", "2023-05-02"), ("9+1", "2023-12-19")]
RECORD = {
    "format": "rpl-couple/1",
    "id": "aps-pregnant",
    "assessed_on": "2025-03-01",
    "woman": {"age_years": 34, "bmi": 24.1, "smoking": "never", "conditions": []},
    "pregnancies": [
        {
            "outcome": "miscarriage",
            "gestational_age": ga,
            "confirmed_by": "ultrasound",
            "end_date": end,
        }
        for ga, end in MISCARRIAGES
    ],
    "current_pregnancy": {
        "gestational_age": "6+2",
        "location": "intrauterine",
        "fetal_heartbeat": True,
        "symptoms": [],
    },
    "results": [
        {
            "test": "anticardiolipin_igg",
            "date": "2024-03-05",
            "value": 62,
            "unit": "GPL U/mL",
            "reference_range": "<20",
        },
        {
            "test": "anticardiolipin_igg",
            "date": "2024-06-18",
            "value": 58,
            "unit": "GPL U/mL",
            "reference_range": "<20",
        },
        {"test": "lupus_anticoagulant", "date": "2024-03-05", "value": "negative"},
        {
            "test": "tsh",
            "date": "2024-03-05",
            "value": 1.6,
            "unit": "mIU/L",
            "reference_range": [0.4, 4.0],
        },
        {"test": "tpo_antibodies", "date": "2024-03-05", "value": "negative"},
        {
            "test": "uterine_imaging",
            "date": "2024-04-02",
            "method": "3d_ultrasound",
            "value": "normal",
        },
        {"test": "karyotype", "subject": "woman", "date": "2024-03-05", "interpretation": "normal"},
        {
            "test": "karyotype",
            "subject": "partner",
            "date": "2024-03-05",
            "interpretation": "normal",
        },
    ],
}


def _squeezed(text: str) -> str:
    """Without any white space: a PDF breaks lines anywhere, and Chinese has no spaces."""
    return "".join(text.split())


@pytest.mark.parametrize("language", ["vi", "zh-hans", "tr"])
def test_triage_first_then_this_pregnancys_treatment_then_the_abnormal_result_in_plain_words(
    language,
):
    checked = parse_record(RECORD, TODAY)
    profile = get_profile("eshre-2022", load_profiles())
    pdf = render_report(checked, profile, audience="patient", language=language, generated_on=TODAY)
    text = _squeezed(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    tr = translator(language)
    assessment = assess(checked, profile)
    assert assessment.triage is not None
    triage = _squeezed(str(tr.text(assessment.triage.action)))
    this_pregnancy = _squeezed(tr.label("For this pregnancy"))
    treatment = _squeezed(str(tr.name("plan", "aspirin_heparin_aps", "plain")))
    result = tr.name("tests", "anticardiolipin_antibodies", "plain")
    abnormal = _squeezed(tr.label(ABNORMAL_RESULT) % {"name": result.text})
    history = _squeezed(tr.label("Your pregnancies"))
    for shown in (triage, this_pregnancy, treatment, abnormal, history):
        assert shown in text, shown
    assert text.index(triage) < text.index(this_pregnancy) < text.index(treatment)
    assert text.index(treatment) < text.index(abnormal) < text.index(history)
