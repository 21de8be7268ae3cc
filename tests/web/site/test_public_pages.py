"""The public, patient-facing pages, through Django's test client on SQLite."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

NOTICE = "This site gives information. It does not diagnose."
# The notice in each language, as the catalogues say it.
NOTICES = {
    "en": NOTICE,
    "vi": "Trang web này cung cấp thông tin. Trang web không chẩn đoán bệnh.",
    "zh-hans": "本网站仅提供信息，不做诊断。",
    "tr": "Bu site bilgi verir. Tanı koymaz.",
}


def test_home_page_says_it_does_not_diagnose(client):
    response = client.get("/en/")
    assert response.status_code == 200
    page = response.content.decode()
    assert NOTICE in page
    assert "call your local emergency number" in page


def test_home_page_says_what_rpl_care_is_for_without_an_unsourced_outcome_claim(client):
    page = client.get("/en/").content.decode()
    assert "<h1>Help after repeated pregnancy loss</h1>" in page
    assert "recurrent miscarriage" in page
    assert "go on to have a baby" not in page


def test_home_page_links_to_staff_sign_in(client):
    assert 'href="/staff/login/"' in client.get("/en/").content.decode()


def test_the_bare_address_sends_visitors_to_their_language(client):
    assert client.get("/")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="vi")["Location"] == "/vi/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="tr-TR")["Location"] == "/tr/"


@pytest.mark.parametrize("language", list(NOTICES))
def test_every_language_carries_the_notice_in_that_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert NOTICES[language] in page


@pytest.mark.parametrize("language", list(NOTICES))
def test_error_pages_carry_the_notice_in_each_language(client, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    assert NOTICES[language] in response.content.decode()


@pytest.mark.parametrize("path", ["/en/", "/en/privacy/", "/staff/login/", "/no-such-page/"])
def test_every_public_page_carries_the_notice(client, path):
    response = client.get(path)
    assert response.status_code in {200, 404}
    assert NOTICE in response.content.decode()


def test_the_language_switcher_links_to_the_same_page_in_every_language(client):
    page = client.get("/vi/privacy/").content.decode()
    switcher = re.search(r'<nav class="languages" aria-label="Ngôn ngữ">(.*?)</nav>', page, re.S)
    assert switcher, "the switcher is labelled in the page's language"
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+"', switcher.group(1))
    assert links == [
        ("/en/privacy/", "en"),
        ("/vi/privacy/", "vi"),
        ("/zh-hans/privacy/", "zh-hans"),
        ("/tr/privacy/", "tr"),
    ]
    assert 'hreflang="vi" lang="vi" aria-current="true">Tiếng Việt</a>' in page
    assert ">简体中文</a>" in page
    assert ">Türkçe</a>" in page


def test_the_language_switcher_never_carries_a_query_string(client):
    page = client.get("/en/privacy/?name=someone").content.decode()
    assert "name=someone" not in page


def test_pages_load_nothing_from_other_sites(client):
    response = client.get("/en/")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", response.content.decode())
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_declare_their_language_and_scale_on_phones(client):
    page = client.get("/en/").content.decode()
    assert '<html lang="en">' in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page


def test_the_clinic_phone_number_from_settings_is_a_tap_to_call_link(client, settings):
    settings.RPL_CLINIC_PHONE = "+84 28 3930 0000"
    page = client.get("/en/").content.decode()
    assert '<a href="tel:+842839300000">+84 28 3930 0000</a>' in page


def test_stylesheet_is_served_by_the_site_itself(client):
    response = client.get("/static/site/rpl.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"/* RPL Care")
