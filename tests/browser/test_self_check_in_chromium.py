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
    page.get_by_label("How many pregnancies have you lost").fill("3")
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
    expect(page.get_by_text("Thyroid blood test (TSH)", exact=True)).to_be_visible()
    expect(page.get_by_text("Smoking may lower the chance of a live birth")).to_be_visible()
    assert Booking.objects.count() == 0

    page.get_by_role("button", name="Book a consultation with these answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a consultation")
    expect(page.get_by_label("In a few words")).to_have_value(
        "From the self-check: 3 pregnancies lost; at weeks 7, 9, 11; no baby born alive; age 36."
    )
    assert "selfcheck" not in page.url and "7, 9" not in page.url
    assert Booking.objects.count() == 0


def _answer_two_losses(page, live_server, partner_answer):
    page.goto(live_server.url + "/en/self-check/")
    page.get_by_label("How many pregnancies have you lost").fill("2")
    page.get_by_label("At how many weeks was each loss?").fill("7, 9")
    page.get_by_label("Each was seen on an ultrasound scan").check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label(partner_answer).check()
    page.get_by_role("button", name="Show my result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your self-check result")


def test_losses_with_the_current_partner_fit_a_profile_that_asks_for_the_same_partner(
    live_server, phone_page, settings
):
    cache.clear()
    settings.RPL_PROFILE = "cn-consensus-2022"
    page = phone_page
    _answer_two_losses(page, live_server, "Yes, all with my current partner")
    expect(
        page.get_by_text("Under this guideline, your history fits the definition.")
    ).to_be_visible()
    page.get_by_role("button", name="Book a consultation with these answers").click()
    expect(page.get_by_label("In a few words")).to_have_value(
        "From the self-check: 2 pregnancies lost; at weeks 7, 9; no baby born alive;"
        " all with the current partner."
    )
    assert Booking.objects.count() == 0


def test_not_sure_about_the_partner_leaves_the_answer_unknown_and_says_why(
    live_server, phone_page, settings
):
    settings.RPL_PROFILE = "cn-consensus-2022"
    page = phone_page
    _answer_two_losses(page, live_server, "I am not sure, or I would rather not say")
    expect(page.get_by_text("Not known yet.")).to_be_visible()
    expect(page.get_by_text("whether all the losses were with the same partner")).to_be_visible()


@pytest.mark.parametrize("language", ["vi", "tr"])
def test_one_miscarriage_and_one_ectopic_pregnancy_do_not_fit_in_her_language(
    live_server, phone_page, settings, language
):
    """Asked apart, an ectopic pregnancy no longer counts as a second loss (issue 15)."""
    from django.utils import translation

    from rpl.web.site.forms import SelfCheckForm

    cache.clear()
    settings.RPL_PROFILE = "eshre-2022"
    with translation.override(language):
        fields = SelfCheckForm().fields
        losses = str(fields["losses"].label)
        ectopic = str(fields["ectopic_pregnancies"].label)
        molar = str(fields["molar_pregnancies"].label)
        does_not_fit = translation.gettext(
            "Under this guideline, your history does not fit the definition. A clinic can still"
            " help you."
        )
        summary = translation.ngettext(
            "%(count)d ectopic pregnancy", "%(count)d ectopic pregnancies", 1
        ) % {"count": 1}
    assert "ectopic" not in ectopic  # the question is in her language
    page = phone_page
    page.goto(f"{live_server.url}/{language}/self-check/")
    page.get_by_label(losses).fill("1")
    page.locator("input[name=loss_weeks]").fill("8")
    page.get_by_label(ectopic).fill("1")
    page.get_by_label(molar).fill("0")
    page.locator("input[name=confirmation][value=scan]").check()
    page.locator("input[name=live_births][value=none]").check()
    page.locator("main form.stacked button[type=submit]").click()

    expect(page.get_by_text(does_not_fit)).to_be_visible()
    page.locator("main form[action$='/book/'] button[type=submit]").click()
    expect(page.locator("textarea[name=history]")).to_contain_text(summary)
    assert Booking.objects.count() == 0
