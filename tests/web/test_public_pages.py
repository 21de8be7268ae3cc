"""The public, patient-facing pages, through Django's test client on SQLite."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

NOTICE = "This site gives information. It does not diagnose."


def test_home_page_says_it_does_not_diagnose(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert NOTICE in page
    assert "call your local emergency number" in page


def test_home_page_says_what_rpl_care_is_for(client):
    page = client.get("/").content.decode()
    assert "<h1>Help after repeated pregnancy loss</h1>" in page
    assert "recurrent miscarriage" in page
    assert "warning signs" in page
    assert "appointment" in page


def test_home_page_links_to_staff_sign_in(client):
    assert 'href="/staff/login/"' in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/", "/staff/login/", "/no-such-page/"])
def test_every_public_page_carries_the_notice(client, path):
    response = client.get(path)
    assert response.status_code in {200, 404}
    assert NOTICE in response.content.decode()


def test_pages_load_nothing_from_other_sites(client):
    response = client.get("/")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", response.content.decode())
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_declare_english_and_scale_on_phones(client):
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page


def test_stylesheet_is_served_by_the_site_itself(client):
    response = client.get("/static/site/rpl.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"/* RPL Care")
