"""WCAG 2.1 A and AA checks by axe-core on every public page, its results and its error states.

axe-core is vendored (tests/browser/vendor/axe-core, MPL-2.0) and injected into the page in
headless chromium, so the check needs no network. It finds what can be found automatically
(labels, names, contrast, landmarks, language attributes, ARIA use); focus order and keyboard use
are tested by hand-written browser tests (test_languages_in_chromium.py and the form tests).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import PHONE, chromium_page

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GET_PAGES = ["", "learn/", "learn/warning-signs/", "faq/", "faq/?q=say", "privacy/"]
FORM_PAGES = ["warning-signs/", "self-check/", "book/", "ask/"]


def test_the_vendored_axe_core_is_the_published_file():
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256


@pytest.fixture
def axe_page(unavailable: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A phone-sized page whose Content-Security-Policy lets the test inject axe-core."""
    with chromium_page(unavailable, monkeypatch, viewport=PHONE, bypass_csp=True) as page:
        yield page


def violations(page: Any) -> list[str]:
    """What axe-core finds against WCAG 2.1 A/AA on the page as it is now."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in result["violations"]
    ]


def test_the_check_finds_what_it_should(axe_page):
    axe_page.set_content(
        '<html><body><main><img src="x.png"><p style="color:#bbb;background:#fff">Faint</p>'
        '<input type="text"></main></body></html>'
    )
    found = " ".join(violations(axe_page))
    for rule in ("html-has-lang", "image-alt", "color-contrast", "label"):
        assert f": {rule} (" in found


def _submit(page: Any) -> None:
    page.locator("main form.stacked button[type=submit]").click()


def _warning_sign_result(page: Any, url: str) -> None:
    page.goto(url + "warning-signs/")
    page.locator("input[name=pregnant][value=yes]").check()
    page.locator("input[name=weeks]").fill("9")
    page.locator("input[name=symptoms][value=bleeding_heavy]").check()
    _submit(page)


def _self_check_result(page: Any, url: str) -> None:
    page.goto(url + "self-check/")
    page.locator("input[name=losses]").fill("3")
    page.locator("input[name=loss_weeks]").fill("7, 9, 11")
    page.locator("input[name=confirmation][value=scan]").check()
    page.locator("input[name=live_births][value=none]").check()
    page.locator("input[name=age_years]").fill("36")
    _submit(page)


def test_every_public_page_in_english_meets_wcag_aa(live_server, axe_page):
    call_command("load_education", verbosity=0)
    cache.clear()
    page, url = axe_page, f"{live_server.url}/en/"
    found: list[str] = []
    for path in GET_PAGES + FORM_PAGES:
        page.goto(url + path)
        found += violations(page)
    # Each form sent empty: the error summary and the messages next to the fields.
    for path in FORM_PAGES:
        page.goto(url + path)
        _submit(page)
        found += violations(page)
    _warning_sign_result(page, url)
    found += violations(page)
    _self_check_result(page, url)
    found += violations(page)
    # Booking from the self-check result, sent: the prefilled form, then the confirmation.
    page.locator("main form[action$='/book/'] button[type=submit]").click()
    found += violations(page)
    today = timezone.localdate()
    page.locator("input[name=name]").fill("Test Person")
    page.locator("select[name=phone_country]").select_option("VN")
    page.locator("input[name=phone]").fill("0912 345 678")
    page.locator("input[name=earliest_date]").fill((today + dt.timedelta(days=3)).isoformat())
    page.locator("input[name=latest_date]").fill((today + dt.timedelta(days=30)).isoformat())
    page.locator("input[name=consent]").check()
    _submit(page)
    found += violations(page)
    # A question, its confirmation with the private link, and the answer page.
    page.goto(url + "ask/")
    page.locator("textarea[name=text]").fill("Should I have my thyroid checked?")
    page.locator("input[name=consent]").check()
    _submit(page)
    found += violations(page)
    page.goto(page.locator(".private-link a").get_attribute("href"))
    found += violations(page)
    assert found == []


@pytest.mark.parametrize("language", ["vi", "zh-hans", "tr"])
def test_the_pages_and_results_in_other_languages_meet_wcag_aa(live_server, axe_page, language):
    call_command("load_education", verbosity=0)
    page, url = axe_page, f"{live_server.url}/{language}/"
    found: list[str] = []
    for path in ["", "learn/causes/", "faq/"]:
        page.goto(url + path)
        found += violations(page)
    _warning_sign_result(page, url)
    found += violations(page)
    _self_check_result(page, url)
    found += violations(page)
    assert found == []
