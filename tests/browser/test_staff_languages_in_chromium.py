"""The staff area in a real browser, in Vietnamese and Turkish: a clinician picks the language on
the sign-in page, signs in, finds the workspace in it, switches from a staff page, and gets the
choice back at the next sign-in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"  # noqa: S105  # test users only


def test_a_clinician_works_in_vietnamese_then_turkish_and_keeps_the_choice(
    live_server, desktop_page, make_staff
):
    make_staff("bacsi", "clinician", password=PASSWORD)
    page = desktop_page
    base = live_server.url

    page.goto(base + "/staff/login/")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_label("Tên đăng nhập").fill("bacsi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("heading", name="Khu vực nhân viên")).to_be_visible()

    page.get_by_role("link", name="Hồ sơ cặp vợ chồng").first.click()
    expect(page.get_by_role("heading", name="Hồ sơ cặp vợ chồng")).to_be_visible()
    page.get_by_role("link", name="Hồ sơ mới").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("button", name="Lưu hồ sơ")).to_be_visible()

    # The switcher on a staff page: the same page again, in Turkish, kept with the account.
    page.get_by_role("button", name="Türkçe").click()
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.get_by_role("heading", name="Yeni çift kaydı")).to_be_visible()
    page.get_by_role("button", name="Çıkış yap").click()

    page.context.clear_cookies()
    page.goto(base + "/staff/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill("bacsi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Personel alanı")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "tr")
