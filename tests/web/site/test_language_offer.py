"""An English page offers the language the visitor's browser asks for first (one tap on a phone,
tests/browser/test_phone_header_in_chromium.py): which language, when nothing is offered, and the
Vary header that keeps a cache from handing one visitor's page to another."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

OFFER = 'class="suggested-language"'


@pytest.mark.parametrize(
    ("asked", "offered"),
    [
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("zh-CN,zh;q=0.9", "zh-hans"),
        ("zh-SG", "zh-hans"),
        ("tr", "tr"),
        ("de-DE,tr;q=0.7,en;q=0.5", "tr"),  # the first language the site has
        ("fr-FR,en;q=0.9,vi;q=0.5", None),  # English comes before Vietnamese
        ("zh-TW,zh-Hant;q=0.9", None),  # traditional Chinese is not simplified Chinese
        ("en-GB", None),
        ("", None),
    ],
)
def test_an_english_page_offers_the_first_site_language_the_browser_asks_for(
    client, asked, offered
):
    response = client.get("/en/faq/", HTTP_ACCEPT_LANGUAGE=asked)
    page = response.content.decode()
    if offered is None:
        assert OFFER not in page
    else:
        assert f'{OFFER} href="/{offered}/faq/" hreflang="{offered}" lang="{offered}"' in page
    assert "Accept-Language" in response["Vary"]


def test_a_page_in_a_chosen_language_offers_nothing_more(client):
    page = client.get("/tr/faq/", HTTP_ACCEPT_LANGUAGE="vi-VN").content.decode()
    assert OFFER not in page


def test_the_staff_sign_in_page_keeps_its_own_language_buttons(client):
    page = client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE="vi-VN").content.decode()
    assert OFFER not in page
