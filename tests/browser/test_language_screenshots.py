"""What a patient reads in each language, photographed in chromium: the warning-sign result and
the patient report. The pictures in docs/language/screenshots/ come from here
(`RPL_SCREENSHOTS=docs/language/screenshots RPL_SCREENSHOT_STAGE=after pytest -m browser
tests/browser/test_language_screenshots.py`); without RPL_SCREENSHOTS they go to a temporary
folder. Either way the visible text is checked against the language's glossary."""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "vi", "zh-hans", "tr")
PRINTED_ON = dt.date(2026, 12, 7)


def _target(tmp_path: Path, language: str, what: str) -> Path:
    folder = Path(os.environ.get("RPL_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    stage = os.environ.get("RPL_SCREENSHOT_STAGE", "after")
    return folder / f"{language}-{what}-{stage}.png"


# The page's own text: parts marked with another language (a source's English title) are left out.
OWN_TEXT = """(selector) => {
  const root = document.querySelector(selector).cloneNode(true);
  const lang = document.documentElement.lang;
  root.querySelectorAll("[lang]").forEach((e) => { if (e.lang !== lang) e.remove(); });
  return root.innerText || root.textContent;
}"""


def _glossary_problems(language: str, text: str) -> list[str]:
    try:
        from rpl.core.glossary import problems
    except ImportError:  # the pictures of the state before the glossary existed
        return []
    return problems(language, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_warning_sign_result_for_early_bleeding_and_one_sided_pain_reads_in_the_hospitals_words(
    live_server, phone_page, tmp_path, language
):
    page = phone_page
    page.goto(f"{live_server.url}/{language}/warning-signs/")
    page.locator("input[name=pregnant][value=yes]").check()
    page.locator("input[name=weeks]").fill("7")
    page.locator("input[name=location][value=unknown]").check()
    page.locator("input[name=symptoms][value=bleeding_light]").check()
    page.locator("input[name=symptoms][value=pain_one_sided]").check()
    page.locator("form button[type=submit]").last.click()
    page.locator("h1").wait_for()
    page.screenshot(path=str(_target(tmp_path, language, "warning-signs")), full_page=True)
    assert _glossary_problems(language, page.evaluate(OWN_TEXT, "main")) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_patient_report_of_a_pregnant_woman_reads_in_the_hospitals_words(
    phone_page, tmp_path, language
):
    from rpl.core.parsing import parse_record
    from rpl.core.profiles import get_profile, load_profiles
    from rpl.web.reports.pdf import render_html

    example = resources.files("rpl.knowledge").joinpath("examples/pregnant-with-bleeding.json")
    checked = parse_record(example.read_text(), PRINTED_ON)
    profile = get_profile(None, load_profiles())
    html = render_html(
        checked, profile, audience="patient", language=language, generated_on=PRINTED_ON
    )
    page = phone_page
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    page.set_content(html)
    page.screenshot(path=str(_target(tmp_path, language, "patient-report")), full_page=True)
    text = page.evaluate(OWN_TEXT, "body").replace(checked.record.id, "")  # the record's id is data
    assert _glossary_problems(language, text) == []
