"""The clinic workspace's header on a phone (375 × 667 px): the workspace name and one Menu
control, instead of up to ten links and four languages wrapped over a third of the screen.

At most 70 px: one row of a 44 px control and 2 × 8 px of padding make 60 px; a second
row would add at least 24 px. Before, for a user with every role: 163–219 px.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, SMALL_PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_AT_MOST = 70  # px, see above
PASSWORD = "a-long-test-password"  # noqa: S105  # test users only
LANGUAGES = {
    "en": ("Menu", "Couple records"),
    "vi": ("Danh mục", "Hồ sơ cặp vợ chồng"),
    "zh-hans": ("菜单", None),
    "tr": ("Menü", None),
}


def sign_in(page: Any, base: str) -> None:
    page.goto(base + "/staff/login/")
    page.get_by_label("Username").fill("everyone")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_on_a_phone_the_workspace_menu_waits_behind_one_control_in_every_language(
    live_server, small_phone, make_staff
):
    make_staff("everyone", "receptionist", "clinician", "admin", "reviewer", password=PASSWORD)
    page = small_phone
    sign_in(page, live_server.url)
    header = page.locator("header.staff-header")
    for code, (menu, records) in LANGUAGES.items():
        if code != "en":
            # The languages are in the menu too (a fresh page starts with the menu closed).
            page.reload()
            header.locator("summary").click()
            header.locator(f"button[value='{code}']").click()
            expect(page.locator("html")).to_have_attribute("lang", code)
        height = header.bounding_box()["height"]
        assert height <= HEADER_AT_MOST, f"{code}: the staff header is {height} px tall"
        workspace = header.locator("nav").first
        expect(workspace).to_be_hidden()
        control = header.locator("summary", has_text=menu)
        expect(control).to_be_in_viewport()
        control.click()
        expect(workspace).to_be_visible()
        expect(header.locator("nav.languages")).to_be_visible()
        if records:
            workspace.get_by_role("link", name=records).click()
            expect(page.get_by_role("heading", name=records)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]


def test_without_javascript_the_workspace_menu_opens_and_its_links_work(
    live_server, small_phone, make_staff
):
    make_staff("everyone", "clinician", password=PASSWORD)
    context = small_phone.context.browser.new_context(
        java_script_enabled=False, viewport=SMALL_PHONE
    )
    page = context.new_page()
    sign_in(page, live_server.url)
    header = page.locator("header.staff-header")
    header.locator("summary", has_text="Menu").click()
    header.get_by_role("link", name="Calculators").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Calculators")
    context.close()


def test_on_a_wide_screen_the_workspace_menu_shows_as_before(live_server, small_phone, make_staff):
    make_staff("everyone", "clinician", "admin", password=PASSWORD)
    page = small_phone
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url)
    header = page.locator("header.staff-header")
    expect(header.locator("summary")).to_be_hidden()
    expect(header.get_by_role("link", name="Couple records")).to_be_visible()
    expect(header.get_by_role("button", name="Tiếng Việt")).to_be_visible()
