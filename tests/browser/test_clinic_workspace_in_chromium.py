"""The clinic workspace in a real browser: sign in, build a couple record, assess it, download
both reports; a receptionist is refused the record."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"  # noqa: S105  # test users only


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/staff/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Staff area")).to_be_visible()


def fill_pregnancy(page, index: int, outcome: str, weeks: str, end: str) -> None:
    page.locator(f"#id_pregnancies-{index}-outcome").select_option(outcome)
    page.locator(f"#id_pregnancies-{index}-gestational_age").fill(weeks)
    page.locator(f"#id_pregnancies-{index}-end_date").fill(end)
    page.locator(f"#id_pregnancies-{index}-confirmed_by").select_option("ultrasound")


def test_a_clinician_builds_a_record_assesses_it_and_downloads_both_reports(
    live_server, desktop_page, make_staff, tmp_path
):
    make_staff("doctor", "clinician", password=PASSWORD)
    page = desktop_page
    base = live_server.url
    sign_in(page, base, "doctor")

    page.get_by_role("link", name="Couple records").first.click()
    page.get_by_role("link", name="New record").click()
    page.locator("#id_record-local_id").fill("couple-browser-1")
    page.locator("#id_record-assessed_on").fill("2025-03-01")
    page.locator("#id_woman-age_years").fill("37")
    fill_pregnancy(page, 0, "miscarriage", "8+1", "2024-02-10")
    page.get_by_role("button", name="Add a pregnancy").click()
    fill_pregnancy(page, 1, "miscarriage", "7+3", "2024-09-20")
    page.locator("#id_results-0-test").select_option("tsh")
    page.locator("#id_results-0-date").fill("2024-10-01")
    page.locator("#id_results-0-value").fill("3.1")
    page.locator("#id_results-0-unit").select_option("mIU/L")
    page.get_by_role("button", name="Save record").click()

    expect(page.get_by_role("heading", name="Couple record couple-browser-1")).to_be_visible()
    expect(page.get_by_text("G2 P0")).to_be_visible()

    # The first PDF of a process loads the fonts (about 10 s alone); on a busy machine that
    # passes Playwright's default 30 s, which is not what this test is about.
    slow = 120_000
    with page.expect_download(timeout=slow) as clinician_download:
        page.get_by_role("button", name="Clinician report").click(timeout=slow)
    with page.expect_download(timeout=slow) as patient_download:
        page.get_by_role("button", name="Patient report").click(timeout=slow)
    for download in (clinician_download.value, patient_download.value):
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        assert path.read_bytes().startswith(b"%PDF")
    assert patient_download.value.suggested_filename == "couple-browser-1-patient-en.pdf"

    page.get_by_role("link", name="Assessment").click()
    expect(page.get_by_role("heading", name="Classification").first).to_be_visible()
    expect(page.locator('[data-section="investigations"] .item').first).to_be_visible()
    expect(page.get_by_text("⚠ unverified").first).to_be_visible()
    page.locator("#a-compare").select_option("rcog-2023")
    page.get_by_role("button", name="Show").click()
    expect(page.locator('[data-profile="rcog-2023"]')).to_be_visible()


def test_a_receptionist_is_refused_a_clinical_record(live_server, desktop_page, make_staff):
    from rpl.web.records.models import CoupleRecord

    CoupleRecord.objects.create(
        local_id="couple-private",
        document={"format": "rpl-couple/1", "id": "couple-private", "woman": {}, "pregnancies": []},
    )
    make_staff("front-desk", "receptionist", password=PASSWORD)
    page = desktop_page
    sign_in(page, live_server.url, "front-desk")
    expect(page.get_by_role("link", name="Couple records")).to_have_count(0)
    response = page.goto(live_server.url + "/staff/records/couple-private/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
