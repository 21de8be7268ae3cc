"""Django admin for education content (one text box per language), reviews read-only, profiles."""

from __future__ import annotations

import datetime as dt

import pytest

from rpl.web.accounts.permissions import grant_admin_permissions
from rpl.web.site.models import EducationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_staff):
    grant_admin_permissions()
    user = make_staff("boss", "admin")
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


@pytest.fixture
def page():
    return EducationPage.objects.create(
        slug="what-is-rpl",
        order=1,
        last_reviewed=dt.date(2025, 1, 1),
        review_note="checked",
        title={"en": "What is RPL?", "vi": "Sảy thai liên tiếp là gì?"},
        summary={"en": "Summary."},
        body={"en": "Body."},
    )


def test_an_admin_edits_an_education_page_one_language_at_a_time(admin_client, page):
    form = admin_client.get(f"/staff/admin/rpl_site/educationpage/{page.pk}/change/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'name="title__vi"' in html and "Sảy thai liên tiếp là gì?" in html
    data = {
        "slug": "what-is-rpl",
        "order": "1",
        "last_reviewed": "2025-01-01",
        "review_note": "checked",
        "sources": "[]",
        "recommendations": "[]",
        "title__en": "What is RPL?",
        "title__vi": "Sảy thai liên tiếp là gì?",
        "title__tr": "Tekrarlayan gebelik kaybı nedir?",
        "summary__en": "Summary.",
        "body__en": "Body.",
    }
    response = admin_client.post(f"/staff/admin/rpl_site/educationpage/{page.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page.refresh_from_db()
    assert page.title == {
        "en": "What is RPL?",
        "vi": "Sảy thai liên tiếp là gì?",
        "tr": "Tekrarlayan gebelik kaybı nedir?",
    }


def test_sign_off_decisions_are_read_only_in_the_admin(admin_client):
    assert admin_client.get("/staff/admin/rpl_clinic/contentreview/").status_code == 200
    assert admin_client.get("/staff/admin/rpl_clinic/contentreview/add/").status_code == 403


def test_the_profiles_page_lists_every_profile_with_its_citations(staff_client):
    page = staff_client("admin").get("/staff/profiles/").content.decode()
    for profile_id in ("eshre-2022", "rcog-2023", "asrm-2012"):
        assert f'id="profile-{profile_id}"' in page
    assert "loss_upper_limit_weeks" in page
