"""The printed reports read on screen in chromium: a pregnant woman's report opens with her
pregnancy's triage, in her language."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from playwright.sync_api import expect

from tests.browser.test_clinic_workspace_in_chromium import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREGNANT = json.loads(
    resources.files("rpl.knowledge").joinpath("examples/pregnant-with-bleeding.json").read_text()
)


@pytest.mark.parametrize(
    ("language", "pregnancy_now", "pregnancies"),
    [
        ("vi", "Thai kỳ hiện tại của bạn", "Các lần mang thai của bạn"),
        ("tr", "Şimdiki gebeliğiniz", "Gebelikleriniz"),
    ],
)
def test_a_pregnant_womans_report_opens_with_her_pregnancys_triage_in_her_language(
    live_server, desktop_page, make_staff, language, pregnancy_now, pregnancies
):
    from rpl.web.records.models import CoupleRecord

    CoupleRecord.objects.create(local_id=PREGNANT["id"], document=PREGNANT, language=language)
    make_staff("doctor", "clinician", password=PASSWORD)
    page = desktop_page
    sign_in(page, live_server.url, "doctor")
    page.goto(f"{live_server.url}/staff/records/{PREGNANT['id']}/")
    page.get_by_role("link", name="Patient report (on screen)").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    headings = page.locator("h2").all_inner_texts()
    assert headings[0] == pregnancy_now, headings
    assert pregnancies in headings
    # The triage box is styled under the site's CSP (its style carries the response's nonce).
    triage = page.locator(".triage").first
    expect(triage).to_be_visible()
    assert triage.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    action = triage.locator(".action").inner_text()
    assert action and page.content().index(action[:20]) < page.content().index(pregnancies)
