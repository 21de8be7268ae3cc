"""The home page in a real browser, on a phone-sized screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_page_shows_its_heading_and_the_does_not_diagnose_notice_on_a_phone(
    live_server, phone_page, tmp_path
):
    phone_page.goto(live_server.url + "/")

    heading = phone_page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Help after repeated pregnancy loss")
    expect(heading).to_be_visible()
    notice = phone_page.get_by_role(
        "heading", name="This site gives information. It does not diagnose."
    )
    expect(notice).to_be_visible()
    expect(notice).to_be_in_viewport()  # on the first screen, without scrolling
    expect(phone_page.get_by_text("call your local emergency number")).to_be_visible()
    # The stylesheet loaded: the notice has its coloured background.
    assert (
        notice.evaluate("h => getComputedStyle(h.parentElement).backgroundColor")
        == "rgb(255, 244, 224)"
    )

    screenshot = tmp_path / "home-page-phone.png"
    phone_page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
