"""PDF reports in the couple's language: the text reads back and every glyph has a Noto font."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from importlib import resources

import pytest
from pypdf import PdfReader

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from rpl.present.assessment import for_patient
from rpl.present.translate import translator
from rpl.web.reports.pdf import render_report
from tests.web.helpers import RPL

EXAMPLE = resources.files("rpl.knowledge").joinpath("examples/secondary-rpl-unexplained.json")
TODAY = dt.date(2025, 6, 1)

# Words each patient report must contain: the title, a test name and the emergency heading.
EXPECTED = {
    "en": ["Your visit summary", "Sperm DNA test", "When to get help at once"],
    "vi": ["Tóm tắt lần khám của bạn", "Xét nghiệm DNA tinh trùng", "Khi nào cần đi khám ngay"],
    "zh-hans": ["您的就诊小结", "精子DNA检查", "何时需要立即就医"],
    "tr": ["Muayene özetiniz", "Sperm DNA testi", "Ne zaman hemen yardım almalı"],
}


def _pdf(audience: str, language: str) -> bytes:
    checked = parse_record(EXAMPLE.read_text(), TODAY)
    return render_report(
        checked,
        get_profile(None, load_profiles()),
        audience=audience,
        language=language,
        generated_on=TODAY,
    )


def _text_and_fonts(pdf: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), fonts


@pytest.mark.parametrize("language", EXPECTED)
def test_the_patient_report_reads_back_in_its_language_with_noto_fonts_only(language):
    text, fonts = _text_and_fonts(_pdf("patient", language))
    for words in EXPECTED[language]:
        assert words in text, (language, words)
    # Every font used is an embedded Noto subset: no glyph fell back to a font without it.
    assert fonts and all("Noto" in font for font in fonts), fonts
    assert "\ufffd" not in text


def test_chinese_reports_use_the_simplified_chinese_font():
    _, fonts = _text_and_fonts(_pdf("patient", "zh-hans"))
    assert any("Noto-Sans-CJK-SC" in font for font in fonts), fonts


def test_the_clinician_report_has_every_section_with_citations_and_review_states():
    text, _ = _text_and_fonts(_pdf("clinician", "en"))
    for title in ["Classification", "Investigations", "Missing data", "Rules fired"]:
        assert title in text
    assert "strength:" in text
    assert "unverified" in text
    assert "review state not available" in text or "awaiting clinical review" in text


def test_the_clinician_report_translates_its_labels():
    text, _ = _text_and_fonts(_pdf("clinician", "vi"))
    assert "Báo cáo cho bác sĩ" in text
    assert "Dữ liệu còn thiếu" in text


@pytest.mark.django_db
def test_both_reports_download_from_the_record_page(staff_client):
    client = staff_client("clinician")
    from rpl.web.records.models import CoupleRecord

    document = json.loads(EXAMPLE.read_text())
    CoupleRecord.objects.create(local_id=document["id"], document=document, language="tr")
    for audience in ("clinician", "patient"):
        response = client.get(f"/staff/records/{document['id']}/report/", {"audience": audience})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].endswith(f'-{audience}-tr.pdf"')
        assert response.content.startswith(b"%PDF")


def test_rpl_report_writes_a_patient_pdf_in_vietnamese(tmp_path, rpl_env):
    out = tmp_path / "out.pdf"
    result = subprocess.run(
        [
            str(RPL),
            "report",
            str(EXAMPLE),
            "--lang",
            "vi",
            "--audience",
            "patient",
            "-o",
            str(out),
            "--today",
            "2025-06-01",
        ],
        env=rpl_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text, _ = _text_and_fonts(out.read_bytes())
    assert "Tóm tắt lần khám của bạn" in text


def test_rpl_report_refuses_a_bad_record_with_one_line_per_problem(tmp_path, rpl_env):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "rpl-couple/1", "id": "x", "woman": {"age_years": "old"}, "pregnancies": []}'
    )
    result = subprocess.run(
        [str(RPL), "report", str(bad), "-o", str(tmp_path / "x.pdf")],
        env=rpl_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "error: woman.age_years: expected a number"
    assert not (tmp_path / "x.pdf").exists()


def _patient_view(record, profile_id=None):
    checked = parse_record(record, TODAY)
    assessment = assess(checked, get_profile(profile_id, load_profiles()))
    return assessment, for_patient(assessment, checked.record, translator("en"), "1 June 2025")


def test_the_patient_report_never_lists_an_advised_against_treatment_as_one_to_discuss():
    assessment, view = _patient_view(EXAMPLE.read_text())
    against = {p.code for p in assessment.treatments if p.recommendation == "not_recommended"}
    assert against, "the example's plan advises against immune treatments"
    assert not against & {line.code for line in view.treatments}
    text, _ = _text_and_fonts(_pdf("patient", "en"))
    assert "What the guidelines advise against" in text
    advised_part, against_part = text.split("What the guidelines advise against")
    for name in view.not_advised:
        assert name.text in against_part
    for line in view.treatments:
        assert line.name.text in advised_part


def test_an_undecided_plan_item_is_shown_to_the_patient_as_undecided_not_as_advice():
    record = {
        "format": "rpl-couple/1",
        "id": "undecided-stitch",
        "assessed_on": "2025-03-01",
        "woman": {"age_years": 33},
        "pregnancies": [
            {"outcome": "miscarriage", "gestational_age": "18", "end_date": "2024-05-01"}
        ],
        "current_pregnancy": {"gestational_age": "20"},
        "results": [{"test": "cervical_length", "value": 18, "unit": "mm"}],  # no date
    }
    assessment, view = _patient_view(record, "rcog-2023")
    (item,) = [p for p in assessment.next_pregnancy if p.code == "cerclage_ultrasound_indicated"]
    assert item.recommendation == "undecided"
    assert [name.text for name in view.undecided] == [
        "Stitch in the cervix if scans show it shortening (ultrasound-indicated cerclage)"
    ]
    assert "cerclage_ultrasound_indicated" not in {
        line.code for line in view.this_or_next_pregnancy
    }
