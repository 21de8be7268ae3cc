"""Language switching and keyboard use in a real browser, on a phone-sized screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_visitor_switches_the_site_to_vietnamese_and_the_notice_follows(live_server, phone_page):
    phone_page.goto(live_server.url + "/en/privacy/")
    # On a phone the languages are behind one control named with the current language.
    phone_page.locator("header summary", has_text="English").click()
    phone_page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Tiếng Việt"
    ).click()

    expect(phone_page).to_have_url(live_server.url + "/vi/privacy/")
    expect(phone_page.locator("html")).to_have_attribute("lang", "vi")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Quyền riêng tư")
    notice = phone_page.get_by_role(
        "heading", name="Trang web này cung cấp thông tin. Trang web không chẩn đoán bệnh."
    )
    expect(notice).to_be_in_viewport()
    expect(phone_page.locator("header summary").first).to_contain_text("Tiếng Việt")
    phone_page.locator("header summary").first.click()
    current = phone_page.get_by_role("navigation", name="Ngôn ngữ").locator("[aria-current]")
    expect(current).to_have_text("Tiếng Việt")


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(
    live_server, phone_page
):
    phone_page.goto(live_server.url + "/tr/")
    phone_page.keyboard.press("Tab")
    skip = phone_page.get_by_role("link", name="Ana içeriğe geç")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # visible when focused
    phone_page.keyboard.press("Enter")
    expect(phone_page.locator("main")).to_be_focused()
