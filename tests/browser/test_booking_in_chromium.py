"""Booking a consultation in a real browser, on a phone-sized screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from rpl.web.bookings.models import Booking

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def fill_booking(page, *, phone="0912 345 678"):
    today = dt.date.today()
    page.get_by_label("Your name").fill("Trần Thị Hoa")
    page.get_by_label("Country of your phone number").select_option("VN")
    page.get_by_label("Phone number", exact=True).fill(phone)
    page.get_by_label("Earliest date that suits you").fill(
        (today + dt.timedelta(days=2)).isoformat()
    )
    page.get_by_label("Latest date that suits you").fill(
        (today + dt.timedelta(days=20)).isoformat()
    )
    page.get_by_label("Morning").check()
    page.get_by_label("In a few words").fill("Two losses at 8 and 9 weeks.")
    page.get_by_label("I agree that the clinic keeps").check()


def test_a_visitor_books_a_consultation_and_sees_a_reference_code(live_server, phone_page):
    phone_page.goto(live_server.url + "/en/book/")
    fill_booking(phone_page)
    phone_page.get_by_role("button", name="Send my request").click()

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Request received")
    expect(phone_page).to_have_url(live_server.url + "/en/book/thanks/")
    booking = Booking.objects.get()
    expect(phone_page.locator(".reference strong")).to_have_text(booking.reference)
    assert booking.phone == "+84912345678"
    assert booking.time_of_day == "morning"


def test_errors_appear_next_to_their_fields_and_the_summary_links_to_them(
    live_server, phone_page, tmp_path
):
    phone_page.goto(live_server.url + "/en/book/")
    fill_booking(phone_page, phone="12345")
    phone_page.get_by_label("I agree that the clinic keeps").uncheck()
    phone_page.get_by_role("button", name="Send my request").click()

    phone_field = phone_page.get_by_label("Phone number", exact=True)
    expect(phone_field).to_have_attribute("aria-invalid", "true")
    # The message is announced with the field (aria-describedby) and sits right above it.
    expect(phone_field).to_have_accessible_description(
        "The clinic will call you on this number. Example: +84 912 345 678. "
        "This is not a valid phone number for the country you chose."
    )
    consent_error = phone_page.locator("#id_consent_error")
    expect(consent_error).to_have_text(
        "Tick the box to agree, or the clinic cannot keep your request."
    )
    summary = phone_page.get_by_role("alert")
    expect(summary).to_contain_text("Please check your answers")
    summary.get_by_role("link", name="This is not a valid phone number").click()
    expect(phone_field).to_be_focused()
    expect(phone_page.get_by_label("Your name")).to_have_value("Trần Thị Hoa")
    assert Booking.objects.count() == 0
    phone_page.screenshot(path=str(tmp_path / "booking-errors.png"), full_page=True)


def test_a_double_click_and_a_resubmission_store_the_booking_once(live_server, phone_page):
    phone_page.goto(live_server.url + "/en/book/")
    fill_booking(phone_page)
    phone_page.get_by_role("button", name="Send my request").dblclick()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Request received")
    reference = phone_page.locator(".reference strong").inner_text()

    # Back to the filled-in form and send it again: still one booking, the same reference.
    phone_page.go_back()
    if phone_page.url.endswith("/en/book/") and phone_page.get_by_label("Your name").input_value():
        phone_page.get_by_role("button", name="Send my request").click()
        expect(phone_page.locator(".reference strong")).to_have_text(reference)
    assert Booking.objects.count() == 1
    assert Booking.objects.get().reference == reference
