"""A phone's first screen (375 × 667 px, the smallest common phone): the result of a self-check,
the result of a warning-sign check and a form's error summary are on it without scrolling, and
after a failed submit the focus is on the error summary (with JavaScript, and without it
through autofocus). In the languages whose texts run longest (Vietnamese, Turkish) and in
Chinese as well as English."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import SMALL_PHONE

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "vi", "zh-hans", "tr"]
FORMS = ["book/", "ask/", "self-check/", "warning-signs/"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def bottom_on_the_page(page: Any, selector: str) -> float:
    """Where the element's bottom edge lies from the top of the page (not of the window, which
    may have scrolled): on the first screen when at most the screen's height."""
    return page.locator(selector).first.evaluate(
        "e => e.getBoundingClientRect().bottom + window.scrollY"
    )


def send_empty(page: Any, url: str) -> None:
    page.goto(url)
    page.locator("main form.stacked button[type=submit]").click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_a_failed_submit_the_error_summary_is_on_the_first_screen_and_has_the_focus(
    live_server, small_phone, language
):
    page = small_phone
    for form in FORMS:
        send_empty(page, f"{live_server.url}/{language}/{form}")
        summary = page.get_by_role("alert")
        expect(summary).to_have_class("error-summary")
        expect(summary).to_be_focused()
        assert page.evaluate("document.activeElement.className") == "error-summary", form
        assert summary.get_attribute("tabindex") == "-1"
        # Its heading and first entry are on the first screen; it comes before the page's own
        # heading and introduction.
        assert bottom_on_the_page(page, ".error-summary li") <= SMALL_PHONE["height"], form
        heading = page.get_by_role("heading", level=1)
        assert summary.bounding_box()["y"] < heading.bounding_box()["y"], form
        # Each entry leads to a field of the form.
        for link in summary.locator("a").all():
            target = link.get_attribute("href")
            assert target.startswith("#id_"), (form, target)
            assert page.locator(target).count() == 1, (form, target)
        # The notice is still on the page, after the summary.
        notice = page.locator(".notice")
        expect(notice).to_have_count(1)
        assert notice.bounding_box()["y"] > summary.bounding_box()["y"]


def test_without_javascript_the_summary_still_takes_the_focus(live_server, small_phone):
    context = small_phone.context.browser.new_context(
        java_script_enabled=False, viewport=SMALL_PHONE
    )
    page = context.new_page()
    for form in FORMS:
        send_empty(page, f"{live_server.url}/vi/{form}")
        expect(page.get_by_role("alert")).to_be_focused()


def test_a_summary_link_to_a_question_shows_the_question_with_its_answers(live_server, small_phone):
    page = small_phone
    send_empty(page, f"{live_server.url}/tr/warning-signs/")
    # "Are you pregnant now?": a group of radio buttons, linked to its first button.
    links = page.locator(".error-summary a").evaluate_all("links => links.map(a => a.hash)")
    assert "#id_pregnant_0" in links
    page.locator(".error-summary a[href='#id_pregnant_0']").click()
    expect(page.locator("#id_pregnant_0")).to_be_focused()
    legend = page.locator("#id_pregnant_0").locator("xpath=ancestor::fieldset[1]/legend")
    expect(legend).to_be_in_viewport()


def self_check_result(page: Any, url: str) -> None:
    page.goto(url + "self-check/")
    page.locator("input[name=losses]").fill("3")
    page.locator("input[name=loss_weeks]").fill("7, 9, 11")
    page.locator("input[name=confirmation][value=scan]").check()
    page.locator("input[name=live_births][value=none]").check()
    page.locator("input[name=age_years]").fill("36")
    page.locator("main form.stacked button[type=submit]").click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_self_check_answer_is_on_the_first_screen(live_server, small_phone, language):
    page = small_phone
    self_check_result(page, f"{live_server.url}/{language}/")
    answer = "section[aria-labelledby=fit] .answer"  # "Does your history fit …? Yes."
    expect(page.locator(answer)).to_have_count(1)
    assert bottom_on_the_page(page, answer) <= SMALL_PHONE["height"]
    # What it is and the notice follow the answer; the rest of the result after them.
    answer_y = page.locator(answer).bounding_box()["y"]
    assert page.locator(".notice").bounding_box()["y"] > answer_y
    assert page.locator("#tests").bounding_box()["y"] > answer_y


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_warning_sign_action_is_on_the_first_screen(live_server, small_phone, language):
    page = small_phone
    page.goto(f"{live_server.url}/{language}/warning-signs/")
    page.locator("input[name=pregnant][value=yes]").check()
    page.locator("input[name=weeks]").fill("9")
    page.locator("input[name=symptoms][value=bleeding_heavy]").check()
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator(".triage-emergency")).to_have_count(1)
    assert bottom_on_the_page(page, ".triage h1") <= SMALL_PHONE["height"]
    assert page.locator(".notice").bounding_box()["y"] > page.locator(".triage").bounding_box()["y"]
