"""The clinic's sign-off in a real browser (issue 18): a reviewer reads an education page in
every language and approves it; the patient page then says who reviewed it and when; an admin's
change re-opens it and the patient page goes back to its notice; an approval past the clinic's
review period expires. A clinic profile's practice, approved, shows on the assessment."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_clinic_workspace_in_chromium import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROFILE = """id: our-clinic
title: Our clinic (ESHRE 2022 with our progesterone practice)
extends: eshre-2022
practice:
  - rule: NP02
    code: progesterone_no_bleeding
    recommendation: conditional
    reason: Our clinicians offer progesterone in early pregnancy after two or more losses.
"""


def reviewer(make_staff):
    user = make_staff("lead", "clinician", "reviewer", password=PASSWORD)
    user.first_name, user.last_name = "Lan", "Nguyen"
    user.save()
    return user


def test_a_reviewer_approves_a_page_a_change_re_opens_it_and_an_approval_expires(
    live_server, desktop_page, make_staff, tmp_path
):
    from rpl.web.clinic.models import ContentReview
    from rpl.web.site.education import load_education
    from rpl.web.site.models import EducationPage
    from tests.web.site.conftest import write_education

    load_education(write_education(tmp_path / "education"))
    reviewer(make_staff)
    page, base = desktop_page, live_server.url

    page.goto(base + "/vi/learn/about-loss/")
    expect(page.locator('[data-sign-off="awaiting"]')).to_contain_text(
        "Đội ngũ bác sĩ của chúng tôi đang xem xét trang này."
    )

    sign_in(page, base, "lead")
    page.goto(base + "/staff/reviews/?kind=page")
    page.get_by_role("link", name="about-loss").click()
    expect(page.get_by_text("Về sảy thai")).to_be_attached()  # every language's wording
    page.get_by_label("Approve for this clinic as written").check()
    page.get_by_label("Note").fill("Read in all four languages.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "approved")
    expect(page.get_by_role("cell", name="Lan Nguyen")).to_be_visible()

    for language, words in (
        ("en", "Reviewed by Lan Nguyen"),
        ("vi", "Được Lan Nguyen thẩm định"),
        ("zh-hans", "由 Lan Nguyen 于"),
        ("tr", "Lan Nguyen tarafından"),
    ):
        page.goto(f"{base}/{language}/learn/about-loss/")
        expect(page.locator('[data-sign-off="signed"]')).to_contain_text(words)

    # A change after approval re-opens it.
    edited = EducationPage.objects.get(slug="about-loss")
    edited.summary = {**edited.summary, "en": "A better summary."}
    edited.save()
    page.goto(base + "/en/learn/about-loss/")
    expect(page.locator('[data-sign-off="awaiting"]')).to_be_visible()
    page.goto(base + "/staff/reviews/page/about-loss/")
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "stale")
    expect(page.get_by_text("Changed since the last decision: summary.")).to_be_visible()
    page.get_by_label("Approve for this clinic as written").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "approved")

    # The clinic shortens its review period; an approval older than it has expired.
    ContentReview.objects.filter(item_id="about-loss").update(
        reviewed_at=timezone.now() - dt.timedelta(days=200)
    )
    page.goto(base + "/staff/reviews/")
    page.get_by_label("Approvals expire after").fill("6")
    page.get_by_role("button", name="Set the review period").click()
    expect(page.get_by_text("Reviews now expire after 6 months.")).to_be_visible()
    page.goto(base + "/staff/reviews/page/about-loss/")
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "expired")
    page.goto(base + "/tr/learn/about-loss/")
    expect(page.locator('[data-sign-off="awaiting"]')).to_contain_text(
        "Klinik ekibimiz bu sayfayı inceliyor."
    )


def test_an_approved_clinic_practice_shows_on_the_assessment(live_server, desktop_page, make_staff):
    from rpl.web.records.models import CoupleRecord

    reviewer(make_staff)
    make_staff("office", "admin", password=PASSWORD)
    example = json.loads(
        resources.files("rpl.knowledge")
        .joinpath("examples/primary-rpl-first-visit.json")
        .read_text()
    )
    CoupleRecord.objects.create(local_id=example["id"], document=example)
    page, base = desktop_page, live_server.url

    sign_in(page, base, "office")
    page.goto(base + "/staff/profiles/new/")
    page.get_by_label("Profile (YAML)").fill(PROFILE)
    page.get_by_role("button", name="Save for review").click()
    expect(page.locator("#clinic-our-clinic")).to_contain_text("awaiting review")
    page.context.clear_cookies()

    sign_in(page, base, "lead")
    page.goto(base + "/staff/reviews/profile/our-clinic/")
    page.get_by_label("Approve for this clinic as written").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "approved")
    page.context.clear_cookies()

    make_staff("doctor", "clinician", password=PASSWORD)
    sign_in(page, base, "doctor")
    page.goto(f"{base}/staff/records/{example['id']}/assessment/?profile=our-clinic")
    note = page.locator('[data-practice="NP02"]')
    expect(note).to_contain_text("Clinic practice, approved by Lan Nguyen on")
    expect(note).to_contain_text("differs from ESHRE guideline on recurrent pregnancy loss")
    expect(note).to_contain_text("Our clinicians offer progesterone in early pregnancy")


def test_a_reviewer_signs_off_a_rule_in_vietnamese_and_reads_the_evidence_report_in_chinese(
    live_server, desktop_page, make_staff
):
    reviewer(make_staff)
    page, base = desktop_page, live_server.url
    sign_in(page, base, "lead")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.goto(base + "/staff/reviews/?kind=rule")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thẩm định nội dung")
    page.get_by_role("link", name="IV01", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_label("Phê duyệt cho phòng khám như hiện có").check()
    page.get_by_role("button", name="Ghi lại quyết định").click()
    expect(page.get_by_text("Đã ghi lại quyết định về IV01.")).to_be_visible()
    expect(page.locator("[data-state]")).to_have_text("đã phê duyệt")

    page.get_by_role("button", name="简体中文").click()
    page.goto(base + "/staff/reviews/evidence-report/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "证据报告：每条规则、其来源及本院审批"
    )
    expect(page.locator('tr[data-rule="IV01"]')).to_contain_text("Lan Nguyen")
