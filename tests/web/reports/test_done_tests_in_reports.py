"""A test already done is shown with its result, never among what the guidelines advise against
(clinician's audit, 2026-12-07: under ESHRE 2022 a parental karyotype is not routine, yet the
couple had one and it found a translocation; the patient report listed it both as done and as
advised against). The clinician keeps the guideline's direction beside the done result."""

from __future__ import annotations

import datetime as dt

import pytest

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import get_profile, load_profiles
from rpl.present.assessment import DONE_AGAINST, DONE_RESULT_PLAIN, for_clinician, for_patient
from rpl.present.text import clinician_text
from rpl.present.translate import translator
from rpl.web.reports.pdf import render_html

TODAY = dt.date(2025, 6, 1)
RECORD = {
    "format": "rpl-couple/1",
    "id": "translocation-eshre",
    "assessed_on": "2025-03-01",
    "woman": {"age_years": 30, "bmi": 21.5, "smoking": "never", "conditions": []},
    "partner": {"age_years": 32, "smoking": "never"},
    "pregnancies": [
        {"outcome": "miscarriage", "gestational_age": ga, "confirmed_by": "ultrasound"}
        for ga in ("8", "7", "9")
    ],
    "results": [
        {
            "test": "karyotype",
            "subject": "partner",
            "date": "2024-04-01",
            "value": "46,XY,t(3;8)(p21;q22)",
            "interpretation": "balanced_translocation",
        },
        {
            "test": "karyotype",
            "subject": "woman",
            "date": "2024-04-01",
            "value": "46,XX",
            "interpretation": "normal",
        },
    ],
}
ESHRE = get_profile("eshre-2022", load_profiles())


def _assessed():
    checked = parse_record(RECORD, TODAY)
    return checked, assess(checked, ESHRE)


def test_the_record_is_one_where_eshre_advises_against_the_done_test():
    _, assessment = _assessed()
    (karyotype,) = [i for i in assessment.investigations if i.code == "parental_karyotype"]
    assert karyotype.status == "done" and karyotype.result == "abnormal"
    assert karyotype.recommendation in ("not_recommended", "research_only")


@pytest.mark.parametrize("language", ["en", "vi", "zh-hans", "tr"])
def test_the_couple_reads_a_done_test_with_its_result_and_never_as_advised_against(language):
    checked, assessment = _assessed()
    tr = translator(language)
    view = for_patient(assessment, checked.record, tr, "today")
    name = tr.name("tests", "parental_karyotype", "plain").text
    assert name not in {text.text for text in view.not_advised}
    done = tr.label(DONE_RESULT_PLAIN["abnormal"]) % {"name": name}
    assert done in {text.text for text in view.tests_done}
    html = render_html(checked, ESHRE, audience="patient", language=language, generated_on=TODAY)
    against = html.index(tr.label("What the guidelines advise against"))
    assert name not in html[against:]
    assert done in html[: html.index(tr.label("When to get help at once"))]


@pytest.mark.parametrize("language", ["en", "tr"])
def test_the_clinician_reads_the_done_test_with_the_guidelines_direction_beside_its_result(
    language,
):
    checked, assessment = _assessed()
    tr = translator(language)
    view = for_clinician(assessment, tr, record=checked.record)
    assert "parental_karyotype" not in {line.code for line in view.advised_against}
    (done,) = [line for line in view.done if line.code == "parental_karyotype"]
    expected = tr.label(DONE_AGAINST) % {
        "direction": tr.label("not recommended"),
        "source": "ESHRE-2022",
        "result": tr.label("abnormal"),
    }
    assert done.done_label == expected
    assert expected in clinician_text(view, tr)
    html = render_html(checked, ESHRE, audience="clinician", language=language, generated_on=TODAY)
    assert expected in html


@pytest.mark.django_db
def test_the_clinic_page_shows_the_done_test_under_the_tests_done_with_the_direction_beside_it(
    staff_client,
):
    from rpl.web.records.models import CoupleRecord

    CoupleRecord.objects.create(local_id=RECORD["id"], document=RECORD)
    page = (
        staff_client("clinician")
        .get(f"/staff/records/{RECORD['id']}/assessment/", {"profile": "eshre-2022"})
        .content.decode()
    )
    done = page.index("Tests done")
    against = page.index('data-section="advised_against"')
    assert "done; not recommended under ESHRE-2022 — result: abnormal" in page[done:against]
    assert 'data-code="parental_karyotype"' not in page[against:]
