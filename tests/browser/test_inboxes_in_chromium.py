"""The inboxes in a real browser: a booking becomes a couple record; a question is answered,
published and read at the patient's private link."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_clinic_workspace_in_chromium import PASSWORD, sign_in
from tests.web.clinic.helpers import make_booking, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clinician_turns_a_booking_into_a_couple_record(live_server, desktop_page, make_staff):
    make_booking("BROW2345")
    make_staff("doctor", "clinician", password=PASSWORD)
    page = desktop_page
    sign_in(page, live_server.url, "doctor")
    page.get_by_role("link", name="Bookings").click()
    page.get_by_role("link", name="BROW2345").click()
    page.get_by_label("Status").select_option("contacted")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Booking updated.")).to_be_visible()
    page.get_by_role("link", name="Start a couple record from this booking").click()
    expect(page.locator("#id_record-local_id")).to_have_value("booking-brow2345")
    page.locator("#id_woman-age_years").fill("35")
    page.locator("#id_pregnancies-0-outcome").select_option("miscarriage")
    page.locator("#id_pregnancies-0-gestational_age").fill("9+0")
    page.locator("#id_pregnancies-0-confirmed_by").select_option("ultrasound")
    page.get_by_role("button", name="Save record").click()
    expect(page.get_by_role("heading", name="Couple record booking-brow2345")).to_be_visible()
    expect(page.get_by_text("from booking BROW2345")).to_be_visible()


def test_a_question_is_answered_and_read_at_the_private_link(live_server, desktop_page, make_staff):
    question, key = make_question("Is a thyroid test useful after two losses?")
    make_staff("doctor", "clinician", password=PASSWORD)
    page = desktop_page
    sign_in(page, live_server.url, "doctor")
    page.get_by_role("link", name="Questions").click()
    page.get_by_role("link", name=f"#{question.pk}").click()
    page.locator("#q-clinician").select_option(label="doctor")
    page.get_by_role("button", name="Assign").click()
    page.locator("#q-answer").fill("A thyroid blood test (TSH) is advised; we will arrange it.")
    page.get_by_role("button", name="Save answer").click()
    page.get_by_role("button", name="Publish to the patient's private link").click()
    expect(page.get_by_text("Published", exact=True)).to_be_visible()

    page.goto(f"{live_server.url}/en/ask/answer/?key={key}")
    expect(
        page.get_by_text("A thyroid blood test (TSH) is advised; we will arrange it.")
    ).to_be_visible()
