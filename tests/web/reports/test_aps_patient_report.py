"""The patient report of a woman whose antiphospholipid syndrome is met or possible never lists
aspirin or heparin among the treatments advised against (issue 15)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from rpl.web.reports.pdf import render_report

TODAY = dt.date(2025, 6, 1)
WORKUP = [
    {
        "test": "tsh",
        "date": "2024-06-03",
        "value": 1.8,
        "unit": "mIU/L",
        "reference_range": [0.4, 4.0],
    },
    {"test": "uterine_imaging", "date": "2024-06-03", "method": "3d_ultrasound", "value": "normal"},
    {"test": "karyotype", "subject": "woman", "date": "2024-06-03", "interpretation": "normal"},
    {"test": "karyotype", "subject": "partner", "date": "2024-06-03", "interpretation": "normal"},
]
LA_TWICE = [
    {"test": "lupus_anticoagulant", "date": "2024-06-03", "value": "positive"},
    {"test": "lupus_anticoagulant", "date": "2024-09-02", "value": "positive"},
]


def _text(results, profile_id: str) -> str:
    record = {
        "format": "rpl-couple/1",
        "id": "aps-report",
        "assessed_on": "2025-03-01",
        "woman": {"age_years": 31, "conditions": []},
        "pregnancies": [
            {
                "outcome": "miscarriage",
                "gestational_age": age,
                "confirmed_by": "ultrasound",
                "end_date": end,
            }
            for age, end in (("7", "2023-01-10"), ("8", "2023-06-12"), ("9", "2024-02-20"))
        ],
        "results": results,
    }
    pdf = render_report(
        parse_record(record, TODAY),
        get_profile(profile_id, load_profiles()),
        audience="patient",
        language="en",
        generated_on=TODAY,
    )
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.mark.parametrize(
    ("profile_id", "results"),
    [
        ("rcog-2023", [*LA_TWICE, *WORKUP]),  # met
        ("eshre-2022", [LA_TWICE[0], *WORKUP]),  # awaiting the repeat test
    ],
    ids=["met under RCOG", "pending under ESHRE"],
)
def test_aspirin_and_heparin_are_never_advised_against_when_aps_is_met_or_possible(
    profile_id, results
):
    text = _text(results, profile_id)
    assert "Aspirin or heparin when no cause is found" not in text
    assert "Low-dose aspirin and heparin for antiphospholipid syndrome" in text
