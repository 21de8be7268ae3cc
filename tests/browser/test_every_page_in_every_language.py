"""Every public page renders in each language in a real browser, with the notice and a heading."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "learn/",
    "learn/warning-signs/",
    "faq/",
    "faq/?q=say",
    "warning-signs/",
    "self-check/",
    "book/",
    "ask/",
    "privacy/",
]
NOTICE = {
    "en": "This site gives information. It does not diagnose.",
    "vi": "Trang web này cung cấp thông tin. Trang web không chẩn đoán bệnh.",
    "zh-hans": "本网站仅提供信息，不做诊断。",
    "tr": "Bu site bilgi verir. Tanı koymaz.",
}


@pytest.mark.parametrize("language", list(NOTICE))
def test_every_page_renders_in_the_language_with_the_notice(live_server, phone_page, language):
    call_command("load_education", verbosity=0)
    errors: list[str] = []
    phone_page.on(
        "console", lambda message: message.type == "error" and errors.append(message.text)
    )
    for path in PAGES:
        response = phone_page.goto(f"{live_server.url}/{language}/{path}")
        assert response.status == 200, path
        expect(phone_page.locator("html")).to_have_attribute("lang", language)
        expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
        expect(phone_page.get_by_role("heading", name=NOTICE[language])).to_be_visible()
        # Nothing wider than the phone: no sideways scrolling.
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide"
    assert errors == []
