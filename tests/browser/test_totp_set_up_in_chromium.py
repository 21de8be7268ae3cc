"""Setting up the second sign-in step (TOTP) in a real browser, in Vietnamese and Chinese: the
staff home suggests it, the page draws the authenticator's QR code inline and writes the key
out, and the current code from the device turns it on."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"  # noqa: S105  # test users only
LANGUAGES = {"vi": "Tiếng Việt", "zh-hans": "中文"}


def _in(language: str, message: str) -> str:
    with translation.override(language):
        text = gettext(message)
    assert text != message, f"untranslated: {message}"
    return text


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_clinician_sets_up_an_authenticator_from_its_qr_code_in_the_chosen_language(
    language, live_server, desktop_page, make_staff
):
    import segno
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    make_staff("bacsi", "clinician", password=PASSWORD)
    page = desktop_page
    page.goto(live_server.url + "/staff/login/")
    page.get_by_role("button", name=LANGUAGES[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("input[name=username]").fill("bacsi")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()

    expect(page.get_by_role("heading", name=_in(language, "Staff area"))).to_be_visible()
    tip = "Tip: add an authenticator app as a second sign-in step under Sign-in security."
    expect(page.get_by_text(_in(language, tip))).to_be_visible()
    page.get_by_role("link", name=_in(language, "Sign-in security")).click()

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", name=_in(language, "Sign-in security"))).to_be_visible()
    scan = "In your authenticator app, add an account by scanning this QR code:"
    expect(page.get_by_text(_in(language, scan))).to_be_visible()
    qr = page.get_by_role("img", name=_in(language, "QR code for your authenticator app"))
    expect(qr).to_be_visible()
    assert qr.evaluate("e => e.tagName.toLowerCase()") == "svg"
    box = qr.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100

    device = TOTPDevice.objects.get(user__username="bacsi", confirmed=False)
    # The drawn code is the device's otpauth:// address (its dark modules, as segno draws them).
    expected = segno.make(device.config_url, error="m").svg_inline(scale=4, border=4)
    drawn = re.findall(r' d="([^"]+)"', qr.evaluate("e => e.outerHTML"))[-1]
    assert drawn == re.findall(r' d="([^"]+)"', expected)[-1]
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    expect(page.locator("#totp-key")).to_be_visible()
    assert page.locator("#totp-key").inner_text().replace(" ", "") == key
    expect(page.get_by_text(_in(language, "or by typing this key:"))).to_be_visible()

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label(_in(language, "Code"), exact=True).fill(f"{code:0{device.digits}d}")
    page.get_by_role("button", name=_in(language, "Confirm and turn on")).click()

    on = (
        "A second sign-in step is on: after your password, RPL Care asks for a code from your "
        "authenticator app."
    )
    expect(page.get_by_text(_in(language, on))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    device.refresh_from_db()
    assert device.confirmed

    page.goto(live_server.url + "/staff/")
    expect(page.get_by_role("heading", name=_in(language, "Staff area"))).to_be_visible()
    expect(page.get_by_text(_in(language, tip))).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", language)
