"""Headless Debian chromium driven by Playwright (its bundled browsers cannot be downloaded here)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
# The smallest phone screen we design for (issue 17): what a patient sees first on it.
SMALL_PHONE = {"width": 375, "height": 667}


@contextlib.contextmanager
def chromium_page(
    unavailable: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch, **context: Any
) -> Iterator[Any]:
    """A page in headless Debian chromium; `context` goes to Playwright's new_context
    (viewport, accept_downloads, bypass_csp)."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found; install the Debian chromium package")
    # Playwright's sync API runs an event loop in this thread; Django would refuse database
    # access from it (live_server's own thread is unaffected).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser.new_context(**context).new_page()
        finally:
            browser.close()


@pytest.fixture
def phone_page(unavailable: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A Playwright page the size of a phone screen."""
    with chromium_page(unavailable, monkeypatch, viewport=PHONE) as page:
        yield page


DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def small_phone(
    unavailable: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    with chromium_page(unavailable, monkeypatch, viewport=SMALL_PHONE) as page:
        yield page


@pytest.fixture
def desktop_page(
    unavailable: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """A Playwright page the size of a clinic desktop screen, accepting downloads."""
    with chromium_page(unavailable, monkeypatch, viewport=DESKTOP, accept_downloads=True) as page:
        yield page
