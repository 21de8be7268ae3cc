"""The warning-sign check in a real browser on a phone: the emergency path, without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False])
def test_heavy_bleeding_shows_the_emergency_action_at_the_top_of_a_phone_screen(
    live_server, phone_page, settings, tmp_path, javascript
):
    settings.RPL_CLINIC_PHONE = "+84 28 3930 0000"
    page = phone_page
    if not javascript:
        page = phone_page.context.browser.new_context(
            java_script_enabled=False, viewport=phone_page.viewport_size
        ).new_page()
    page.goto(live_server.url + "/en/warning-signs/")
    page.get_by_role("group", name="Are you pregnant now?").get_by_label("Yes", exact=True).check()
    page.get_by_label("How many weeks pregnant?").fill("9+2")
    page.get_by_label("Heavy bleeding").check()
    page.get_by_role("button", name="Check").click()

    action = page.get_by_role("heading", level=1)
    expect(action).to_have_text("Call an ambulance or go to the nearest emergency department now.")
    expect(action).to_be_in_viewport()  # on the first screen: no scrolling needed
    expect(page.locator(".triage-level")).to_have_text("Emergency")
    phone = page.locator(".triage").get_by_role("link", name="+84 28 3930 0000")
    expect(phone).to_have_attribute("href", "tel:+842839300000")
    expect(phone).to_be_in_viewport()
    box = action.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844
    page.screenshot(path=str(tmp_path / f"emergency-js-{javascript}.png"))


def test_the_check_works_in_turkish_with_the_keyboard_alone(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/tr/warning-signs/")
    pregnant = page.get_by_role("group", name="Şu anda gebe misiniz?")
    pregnant.get_by_label("Evet", exact=True).focus()
    page.keyboard.press("Space")  # choose "yes"
    expect(pregnant.get_by_label("Evet", exact=True)).to_be_checked()
    page.get_by_label("Baş dönmesi").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Kontrol et").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hemen ambulans çağırın veya en yakın acil servise gidin."
    )
    expect(page.get_by_text("Baş dönmesi, bayılacak gibi olma veya bayılma ciddi")).to_be_visible()
