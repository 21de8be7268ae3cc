"""The clinician report shows the record's results with their values, units and the
laboratory's ranges, and says in words where each value lies: a clinician's audit on complete
records found the report naming "TSH (abnormal)" with no number, unit or range anywhere."""

from __future__ import annotations

import datetime as dt
import html
import io
import json

import pytest
from pypdf import PdfReader

from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from rpl.web.records.models import CoupleRecord
from rpl.web.reports.pdf import render_html, render_report

TODAY = dt.date(2025, 6, 1)
RECORD = {
    "format": "rpl-couple/1",
    "id": "thyroid-audit",
    "assessed_on": "2025-03-01",
    "woman": {"age_years": 31, "bmi": 26.0, "smoking": "never", "conditions": []},
    "pregnancies": [
        {"outcome": "miscarriage", "gestational_age": "8", "confirmed_by": "ultrasound"},
        {"outcome": "miscarriage", "gestational_age": "7", "confirmed_by": "ultrasound"},
    ],
    "results": [
        {
            "test": "tsh",
            "date": "2024-07-01",
            "value": 11.8,
            "unit": "mIU/L",
            "reference_range": [0.4, 4.0],
        },
        {
            "test": "free_t4",
            "date": "2024-07-01",
            "value": 7.9,
            "unit": "pmol/L",
            "reference_range": [12, 22],
        },
        {
            "test": "tpo_antibodies",
            "date": "2024-07-01",
            "value": 410,
            "unit": "IU/mL",
            "reference_range": "<35",
        },
        {
            "test": "anticardiolipin_igg",
            "date": "2024-07-01",
            "value": 4,
            "unit": "GPL",
            "reference_range": [None, 20],
        },
        {"test": "lupus_anticoagulant", "date": "2024-07-01", "value": "negative"},
        {"test": "prolactin", "date": "2024-07-01", "value": 14},
    ],
}
# Where each value lies, in each language's words (the catalogue's translations).
ABOVE = {
    "en": "above the laboratory's range",
    "vi": "cao hơn khoảng tham chiếu của phòng xét nghiệm",
    "zh-hans": "高于实验室参考范围",
    "tr": "laboratuvarın referans aralığının üzerinde",
}
BELOW = {
    "en": "below the laboratory's range",
    "vi": "thấp hơn khoảng tham chiếu của phòng xét nghiệm",
    "zh-hans": "低于实验室参考范围",
    "tr": "laboratuvarın referans aralığının altında",
}
UNREAD = {
    "en": "not read: needs its unit and the laboratory's range",
    "vi": "chưa đọc được: cần có đơn vị đo và khoảng tham chiếu của phòng xét nghiệm",
    "zh-hans": "无法解读：需要单位和实验室参考范围",
    "tr": "okunamadı: birimi ve laboratuvarın referans aralığı gerekli",
}


def _html(language: str) -> str:
    """The report's HTML with entities decoded (the apostrophe of "laboratory's")."""
    return html.unescape(
        render_html(
            parse_record(RECORD, TODAY),
            get_profile("eshre-2022", load_profiles()),
            audience="clinician",
            language=language,
            generated_on=TODAY,
        )
    )


@pytest.mark.parametrize("language", ["en", "vi", "zh-hans", "tr"])
def test_every_result_shows_its_value_unit_and_range_and_where_it_lies_in_words(language):
    page = _html(language)
    for shown in (
        "11.8 mIU/L",
        "0.4–4",
        "7.9 pmol/L",
        "12–22",
        "410 IU/mL",
        "<35",
        "4 GPL",
        "≤ 20",
    ):
        assert shown in page, shown
    assert ABOVE[language] in page  # TSH, TPO antibodies
    assert BELOW[language] in page  # free T4
    # A number without its unit and range is not read on a guess: it says what it needs.
    assert UNREAD[language] in page


def test_the_results_reach_the_first_page_of_the_printed_report():
    pdf = render_report(
        parse_record(RECORD, TODAY),
        get_profile("eshre-2022", load_profiles()),
        audience="clinician",
        language="en",
        generated_on=TODAY,
    )
    first = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    # A narrow cell may break "mIU/L" over two lines: compare without spaces.
    assert "11.8mIU/L" in first.replace(" ", "")
    assert "above the laboratory's range" in first and "below the laboratory's range" in first


@pytest.mark.django_db
def test_the_record_page_prints_one_sided_and_printed_ranges_as_the_laboratory_wrote_them(
    staff_client,
):
    CoupleRecord.objects.create(local_id=RECORD["id"], document=json.loads(json.dumps(RECORD)))
    page = html.unescape(
        staff_client("clinician").get(f"/staff/records/{RECORD['id']}/").content.decode()
    )
    assert "<35" in page and "≤ 20" in page and "0.4–4" in page
    assert "None–20" not in page and "<–3" not in page
