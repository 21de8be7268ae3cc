"""The clinic's sign-off (issue 18): decisions kept with name, time and version; a change
re-opens; approvals expire; the patient footer follows; clinic practice shown on the
assessment; the evidence report; every decision audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from importlib import resources

import pytest
from django.utils import timezone

from rpl.web.audit.models import AuditEvent
from rpl.web.clinic import governance
from rpl.web.clinic.governance_views import csv_cell, report_csv
from rpl.web.clinic.models import ClinicProfile, ContentReview
from rpl.web.clinic.services import ReviewError, record_review, save_profile
from rpl.web.profiles import available_profiles
from rpl.web.records.models import CoupleRecord
from rpl.web.site.education import load_education
from rpl.web.site.models import EducationPage
from tests.web.site.conftest import write_education

pytestmark = pytest.mark.django_db

REVIEWER = ("admin", "clinician")
EXAMPLE = json.loads(
    resources.files("rpl.knowledge").joinpath("examples/primary-rpl-first-visit.json").read_text()
)
PROFILE = """id: our-clinic
title: Our clinic (ESHRE 2022 with our progesterone practice)
extends: eshre-2022
practice:
  - rule: NP02
    code: progesterone_no_bleeding
    recommendation: conditional
    reason: Our clinicians offer progesterone in early pregnancy after two or more losses.
"""


@pytest.fixture
def lead(make_staff):
    user = make_staff("lead", *REVIEWER)
    user.first_name, user.last_name = "Lan", "Nguyen"
    user.save()
    return user


@pytest.fixture
def page(tmp_path):
    load_education(write_education(tmp_path / "education"))
    return EducationPage.objects.get(slug="about-loss")


def test_a_decision_keeps_the_reviewers_name_the_time_and_the_exact_version(lead, page):
    review = record_review(
        kind="page", item_id="about-loss", decision="approved", note="read", reviewer=lead
    )
    assert review.reviewer_name == "Lan Nguyen"
    assert review.content_hash == governance.item("page", "about-loss").hash
    assert review.content["title"]["vi"] == "Về sảy thai"
    assert review.reviewed_at is not None
    state = governance.state("page", "about-loss")
    assert state.state == "approved"
    assert state.sign_off.next_review == governance.add_months(timezone.localdate(), 24)


def test_a_change_after_approval_re_opens_the_item(lead, page):
    record_review(kind="page", item_id="about-loss", decision="approved", note="", reviewer=lead)
    page.summary = {**page.summary, "tr": "Yeni özet."}
    page.save()
    assert governance.state("page", "about-loss").state == "stale"


def test_an_approval_expires_after_the_period_the_clinic_sets(lead, page, staff_client):
    review = record_review(
        kind="page", item_id="about-loss", decision="approved", note="", reviewer=lead
    )
    ContentReview.objects.filter(pk=review.pk).update(
        reviewed_at=timezone.now() - dt.timedelta(days=400)
    )
    assert governance.state("page", "about-loss").state == "approved"  # 24 months by default
    client = staff_client(*REVIEWER)
    assert client.post("/staff/reviews/", {"months": "12"}).status_code == 302
    assert governance.state("page", "about-loss").state == "expired"
    assert AuditEvent.objects.filter(object_type="content_review", object_id="period").exists()


def test_an_override_needs_the_clinics_reason_and_a_stale_version_is_refused(lead, page):
    with pytest.raises(ReviewError, match="reason"):
        record_review(
            kind="page", item_id="about-loss", decision="overridden", note="", reviewer=lead
        )
    with pytest.raises(ReviewError, match="changed while you were reading"):
        record_review(
            kind="page",
            item_id="about-loss",
            decision="approved",
            note="",
            reviewer=lead,
            content_hash="an-older-version",
        )
    assert not ContentReview.objects.exists()


def test_a_rules_content_holds_its_sources_evidence_and_its_wording_in_every_language():
    item = governance.item("rule", "NP02")
    assert {r["id"] for r in item.content["recommendations"]} >= {"ESHRE-TX-END-04"}
    assert set(item.content["wording"]) == {"en", "vi", "zh-hans", "tr"}
    assert item.content["wording"]["en"][0].startswith("Progesterone without bleeding")
    assert item.evidence in ("verified", "secondary", "unverified")


def test_the_review_page_records_a_decision_and_audits_it(lead, page, client):
    client.force_login(lead)
    url = "/staff/reviews/page/about-loss/"
    shown = client.get(url)
    assert shown.status_code == 200
    assert "Về sảy thai" in shown.content.decode()  # every language's wording
    version = governance.item("page", "about-loss").hash
    response = client.post(url, {"decision": "approved", "note": "", "content_hash": version})
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="content_review", object_id="page:about-loss")
    assert event.detail.startswith("approved ") and event.actor_username == "lead"


@pytest.mark.parametrize(
    ("language", "signed", "awaiting"),
    [
        ("en", "Reviewed by Lan Nguyen", "Our clinical team is reviewing this page."),
        ("vi", "Được Lan Nguyen thẩm định", "Đội ngũ bác sĩ của chúng tôi đang xem xét trang này."),
        ("zh-hans", "由 Lan Nguyen 于", "我们的医疗团队正在审核本页。"),
        ("tr", "Lan Nguyen tarafından", "Klinik ekibimiz bu sayfayı inceliyor."),
    ],
)
def test_the_patient_footer_follows_the_sign_off_in_every_language(
    lead, page, client, language, signed, awaiting
):
    before = client.get(f"/{language}/learn/about-loss/").content.decode()
    assert 'data-sign-off="awaiting"' in before and awaiting in before
    assert signed not in before
    record_review(kind="page", item_id="about-loss", decision="approved", note="", reviewer=lead)
    after = client.get(f"/{language}/learn/about-loss/").content.decode()
    assert 'data-sign-off="signed"' in after and signed in after and awaiting not in after
    assert str(governance.add_months(timezone.localdate(), 24).year) in after


def test_a_clinic_profile_is_offered_only_once_approved_and_its_practice_shows_on_the_assessment(
    lead, staff_client
):
    save_profile(PROFILE, lead)
    assert "our-clinic" not in available_profiles()
    record_review(kind="profile", item_id="our-clinic", decision="approved", note="", reviewer=lead)
    assert "our-clinic" in available_profiles()
    record = CoupleRecord.objects.create(local_id=EXAMPLE["id"], document=EXAMPLE)
    page = (
        staff_client("clinician")
        .get(f"/staff/records/{record.local_id}/assessment/", {"profile": "our-clinic"})
        .content.decode()
    )
    assert "Clinic practice, approved by Lan Nguyen on" in page
    assert "differs from ESHRE guideline on recurrent pregnancy loss (2022 update)" in page
    assert "Our clinicians offer progesterone in early pregnancy" in page
    # A change re-opens it: no longer offered until approved again.
    profile = ClinicProfile.objects.get(profile_id="our-clinic")
    save_profile(profile.text.replace("conditional", "recommended"), lead, "our-clinic")
    assert "our-clinic" not in available_profiles()


def test_a_clinic_profile_that_does_not_load_is_refused_with_the_loaders_message(lead):
    with pytest.raises(ReviewError, match="cannot be loaded") as refused:
        save_profile(PROFILE.replace("eshre-2022", "nowhere"), lead)
    assert "does not exist" in refused.value.detail  # the loader's own words
    with pytest.raises(ReviewError, match="does not exist: NP99"):
        save_profile(PROFILE.replace("NP02", "NP99"), lead)
    assert not ClinicProfile.objects.exists()


BROKEN_PROFILE = """id: typo-22w
title: Our clinic at 22 weeks
extends: eshre-2022
definition: {loss_upper_limit_weeks: 22}
citations:
  loss_upper_limit_weeks: {source: VN-MOH-2020, ref: "22 weeks", evidence: secondary}
"""


def test_an_approved_clinic_profile_that_no_longer_loads_is_named_and_does_not_take_the_others_away(
    lead, staff_client
):
    # Approved before the loader refused citations of unknown sources: stored as it was then.
    ClinicProfile.objects.create(profile_id="typo-22w", text=BROKEN_PROFILE, updated_by=lead)
    record_review(kind="profile", item_id="typo-22w", decision="approved", note="", reviewer=lead)
    save_profile(PROFILE, lead)
    record_review(kind="profile", item_id="our-clinic", decision="approved", note="", reviewer=lead)

    offered = available_profiles()
    assert "our-clinic" in offered and "typo-22w" not in offered
    # Saving another profile is neither blocked by the broken one nor blamed for it.
    save_profile(PROFILE.replace("our-clinic", "our-second-clinic"), lead)
    listing = staff_client("admin").get("/staff/profiles/").content.decode()
    assert "no longer load and are not offered" in listing
    assert "typo-22w" in listing and "VN-MOH-2020" in listing
    assert 'id="profile-our-clinic"' in listing


def test_the_staff_area_edits_a_clinic_profile_and_audits_it(lead, staff_client):
    client = staff_client("admin")
    assert client.get("/staff/profiles/new/").status_code == 200
    response = client.post("/staff/profiles/new/", {"text": PROFILE})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(object_type="clinic_profile", object_id="our-clinic").exists()
    listing = client.get("/staff/profiles/").content.decode()
    assert 'id="clinic-our-clinic"' in listing and "awaiting review" in listing
    bad = client.post("/staff/profiles/our-clinic/edit/", {"text": "id: [unclosed"})
    assert bad.status_code == 400


def test_the_evidence_report_lists_every_rule_in_html_pdf_and_csv(lead, staff_client):
    record_review(kind="rule", item_id="NP02", decision="approved", note="", reviewer=lead)
    client = staff_client(*REVIEWER)
    html = client.get("/staff/reviews/evidence-report/").content.decode()
    assert 'data-rule="NP02"' in html and 'data-rule="IV01"' in html
    assert "Lan Nguyen" in html
    pdf = client.get("/staff/reviews/evidence-report/", {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    response = client.get("/staff/reviews/evidence-report/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(governance.items("rule"))
    np02 = next(r for r in rows if r["rule"] == "NP02")
    assert np02["clinic sign-off"] == "approved" and np02["reviewer"] == "Lan Nguyen"
    assert np02["next review"]
    assert (
        AuditEvent.objects.filter(object_type="content_review", object_id="evidence").count() == 3
    )


def test_the_evidence_report_is_in_the_staff_users_language_in_html_pdf_and_csv(lead, staff_client):
    record_review(kind="rule", item_id="NP02", decision="approved", note="", reviewer=lead)
    client = staff_client(*REVIEWER)
    client.post("/staff/language/", {"language": "zh-hans", "next": "/staff/"})
    html = client.get("/staff/reviews/evidence-report/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "证据报告" in html and '"Noto Sans CJK SC"' in html  # the language's fonts
    pdf = client.get("/staff/reviews/evidence-report/", {"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    response = client.get("/staff/reviews/evidence-report/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    np02 = next(r for r in rows if r["规则"] == "NP02")
    assert np02["本院审批"] == "已批准" and np02["审核人"] == "Lan Nguyen"


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_escaped():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("+1") == "'+1" and csv_cell("-1") == "'-1" and csv_cell("@x") == "'@x"
    assert csv_cell("plain") == "plain" and csv_cell(None) == ""
    text = report_csv(
        [
            {
                "rule": "=cmd",
                "title": "t",
                "sources": [],
                "evidence": "verified",
                "in_place_of": (),
                "state_label": "approved",
                "reviewer": "@lead",
                "reviewed_on": None,
                "next_review": None,
            }
        ]
    )
    assert "'=cmd" in text and "'@lead" in text


def _root_profile_without_bmi_cut_offs(profile_id: str) -> str:
    """A whole profile (no parent) that does not say which BMI cut-offs it uses."""
    text = resources.files("rpl.knowledge").joinpath("profiles/rcog-2023.yaml").read_text()
    lines = [
        line
        for line in text.replace("id: rcog-2023", f"id: {profile_id}").splitlines()
        if not line.lstrip().startswith("bmi_cut_offs:")
    ]
    return "\n".join(lines) + "\n"


def test_a_clinic_profile_without_its_bmi_cut_offs_is_refused_on_the_staff_page_naming_both(
    lead, staff_client
):
    client = staff_client("admin")
    response = client.post(
        "/staff/profiles/new/", {"text": _root_profile_without_bmi_cut_offs("our-own")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "profile our-own does not say which BMI cut-offs it uses" in page
    assert "bmi_cut_offs" in page
    assert not ClinicProfile.objects.exists()


def test_an_approved_clinic_profile_without_its_bmi_cut_offs_is_named_with_the_reason(
    lead, staff_client
):
    # Approved while a missing setting still meant the WHO classes: stored as it was then.
    ClinicProfile.objects.create(
        profile_id="our-own", text=_root_profile_without_bmi_cut_offs("our-own"), updated_by=lead
    )
    record_review(kind="profile", item_id="our-own", decision="approved", note="", reviewer=lead)
    assert "our-own" not in available_profiles()
    listing = staff_client("admin").get("/staff/profiles/").content.decode()
    assert "no longer load and are not offered" in listing
    assert "profile our-own does not say which BMI cut-offs it uses" in listing
