"""The self-check in a real browser: answers → result → a prefilled booking, nothing stored before."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from rpl.web.bookings.models import Booking

pytestmark = pytest.mark.browser


def test_the_self_check_shows_a_result_and_prefills_a_booking(live_server, phone_page):
    cache.clear()
    page = phone_page
    page.goto(live_server.url + "/en/self-check/")
    page.get_by_label("How many pregnancies have you lost?").fill("3")
    page.get_by_label("At how many weeks was each loss?").fill("7, 9, 11")
    page.get_by_label("Each was seen on an ultrasound scan").check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Age of the woman who was pregnant (years)").fill("36")
    page.get_by_label("Smokes now").check()
    page.get_by_role("button", name="Show my result").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your self-check result")
    expect(
        page.get_by_text("Under this guideline, your history fits the definition.")
    ).to_be_visible()
    expect(page.get_by_text("Thyroid function (TSH)", exact=True)).to_be_visible()
    expect(page.get_by_text("Smoking may lower the chance of a live birth")).to_be_visible()
    assert Booking.objects.count() == 0

    page.get_by_role("button", name="Book a consultation with these answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a consultation")
    expect(page.get_by_label("In a few words")).to_have_value(
        "From the self-check: 3 pregnancies lost; at weeks 7, 9, 11; no baby born alive; age 36."
    )
    assert "selfcheck" not in page.url and "7, 9" not in page.url
    assert Booking.objects.count() == 0
