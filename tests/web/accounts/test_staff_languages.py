"""The staff area in each staff user's own language: kept with the account, applied at sign-in,
changed with the switcher on every staff page, and nothing left in English on any staff page.
"""

from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

import rpl
from rpl.core.languages import get_language
from rpl.web.accounts.models import StaffPreference
from tests.web.accounts.test_roles_and_access import PAGES, record  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

LOCALE = Path(rpl.__file__).resolve().parent / "knowledge" / "locale"

LANGUAGES = ["vi", "zh-hans", "tr"]
HEADINGS = {
    "en": "Staff area",
    "vi": "Khu vực nhân viên",
    "zh-hans": "员工专区",
    "tr": "Personel alanı",
}


class VisibleText(HTMLParser):
    """The text a reader sees in <body>, each piece with the language it is declared in (the
    nearest lang attribute). Scripts, styles and code (ids, field paths) are not words."""

    SKIP = frozenset({"script", "style", "code", "svg", "title"})
    VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "area"})

    def __init__(self, page_language: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, bool]] = [("html", page_language, False)]
        self.pieces: list[tuple[str, str]] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang") or self.stack[-1][1]
        skipped = self.stack[-1][2] or tag in self.SKIP
        self.stack.append((tag, lang, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if self.in_body and text and not self.stack[-1][2]:
            self.pieces.append((self.stack[-1][1].lower(), text))


def visible(page: str, language: str) -> list[tuple[str, str]]:
    parser = VisibleText(language)
    parser.feed(page)
    return parser.pieces


def translations(language: str) -> set[str]:
    """Every translation the language's catalogues hold (a word may read the same as in
    English, e.g. "Partner" in Turkish: that is a translation, not a leftover)."""
    folder = get_language(language).gettext
    found: set[str] = set()
    for domain in ("django", "catalogue"):
        mo = LOCALE / folder / "LC_MESSAGES" / f"{domain}.mo"
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        found |= {" ".join(text.split()) for text in catalog.values()}
    return found


# What the fixture typed (names, user names) and the languages' own names: data, not words.
DATA = {
    "walker",
    "Nguyễn Thị A",
    "Should I have a thyroid test?",
    *(name for _, name in settings.LANGUAGES),
}


def is_data(text: str) -> bool:
    """Ids, dates, times and numbers (anything with a digit), the zone's name, and what the
    fixture typed."""
    words = [word for word in re.split(r"[\s,;·()/:]+", text) if word]
    words = [word for word in words if not re.search(r"\d", word) and word not in ("UTC", "—")]
    return not words or text in DATA or not re.search(r"[A-Za-z]{2,}", " ".join(words))


def english_left(english: list[tuple[str, str]], other: list[tuple[str, str]], language: str):
    """Pieces shown in `language` exactly as on the English page that are not a translation
    the catalogues hold, nor data; pieces declared English (lang="en", shown as written on
    purpose, e.g. a source's title) are not counted."""
    english_texts = {text for _, text in english}
    translated = translations(language)
    return sorted(
        {
            text
            for lang, text in other
            if lang == language
            and text in english_texts
            and re.sub(r" \([a-z0-9_]+\)$", "", text) not in translated  # "TSH (tsh)"
            and not is_data(text)
        }
    )


def choose(client: Client, language: str, next_page: str = "/staff/") -> None:
    response = client.post("/staff/language/", {"language": language, "next": next_page})
    assert response.status_code == 302


@pytest.fixture
def everyone(make_staff):
    """One user who may open every staff page (content review needs clinician and admin)."""
    client = Client()
    user = make_staff("walker", "admin", "clinician")
    client.force_login(user)
    return client, user


def test_the_switcher_keeps_the_choice_with_the_account_and_it_is_applied_at_sign_in(
    everyone, settings
):
    client, user = everyone
    assert f"<h1>{HEADINGS['en']}</h1>" in client.get("/staff/").content.decode()
    choose(client, "vi")
    assert StaffPreference.objects.get(user=user).language == "vi"
    page = client.get("/staff/").content.decode()
    assert '<html lang="vi">' in page
    assert f"<h1>{HEADINGS['vi']}</h1>" in page
    # A new session (another day, another computer): the language comes with the sign-in.
    fresh = Client(HTTP_ACCEPT_LANGUAGE="tr")
    fresh.force_login(user)
    assert '<html lang="vi">' in fresh.get("/staff/").content.decode()
    # The public site still follows its own address.
    assert '<html lang="tr">' in fresh.get("/tr/").content.decode()


def test_the_sign_in_page_offers_the_languages_and_remembers_the_choice_in_a_cookie(client):
    page = client.get("/staff/login/").content.decode()
    assert 'action="/staff/language/"' in page
    for name in ("Tiếng Việt", "简体中文", "Türkçe"):
        assert name in page
    choose(client, "zh-hans", "/staff/login/")
    page = client.get("/staff/login/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "<h1>工作人员登录</h1>" in page


def test_the_switcher_refuses_an_unknown_language_and_a_foreign_address(everyone):
    client, user = everyone
    response = client.post("/staff/language/", {"language": "xx", "next": "/staff/records/"})
    assert response.status_code == 302
    assert not StaffPreference.objects.filter(user=user).exists()
    response = client.post(
        "/staff/language/", {"language": "tr", "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/staff/"
    assert StaffPreference.objects.get(user=user).language == "tr"


def test_the_staff_pages_carry_the_switcher_without_the_query_string(everyone):
    client, _ = everyone
    page = client.get("/staff/audit/?actor=someone").content.decode()
    assert 'name="next" value="/staff/audit/"' in page
    assert "someone" not in page.split('name="next"')[1][:40]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_staff_page_is_in_the_users_language_with_nothing_left_in_english(
    everyone,
    record,  # noqa: F811
    language,
):
    client, _ = everyone
    untranslated: dict[str, list[str]] = {}
    for url in PAGES:
        address = url.format(question=record["question"].pk)
        choose(client, "en")
        english = client.get(address)
        choose(client, language)
        shown = client.get(address)
        assert english.status_code == shown.status_code == 200, address
        if not shown["Content-Type"].startswith("text/html"):
            continue  # the JSON export and the PDF report (in the couple's language)
        page = shown.content.decode()
        assert f'<html lang="{language}">' in page, address
        left = english_left(
            visible(english.content.decode(), "en"), visible(page, language), language
        )
        if left:
            untranslated[address] = left
    assert untranslated == {}, "\n".join(f"{page}: {left}" for page, left in untranslated.items())
