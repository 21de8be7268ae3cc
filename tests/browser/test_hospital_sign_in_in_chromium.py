"""Staff sign in through the hospital's identity provider (OpenID Connect) in a real browser, in
Vietnamese and Turkish: the translated "Sign in with <hospital>" button, the provider's own
sign-in page (django-oauth-toolkit in a second process, tests/web/oidc), and back to the staff
area signed in, in the chosen language, with the clinician role."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.web.oidc.conftest import (  # noqa: F401  # the provider's fixtures, shared
    PASSWORD,
    hospital_sign_in,
    oidc_provider,
    oidc_provider_folder,
    register_redirect_uri,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"vi": "Tiếng Việt", "tr": "Türkçe"}


def _in(language: str, message: str, **values: str) -> str:
    with translation.override(language):
        text = gettext(message) % values if values else gettext(message)
    assert text != (message % values if values else message), f"untranslated: {message}"
    return text


@pytest.fixture
def hospital_sign_in_for_the_browser(hospital_sign_in, oidc_provider_folder, live_server) -> str:  # noqa: F811
    """The provider also sends people back to the live server's callback."""
    from django.contrib.auth.models import Group

    from rpl.web.accounts.roles import ensure_role_groups

    # A transactional test starts after a flush, without the role groups the migration made.
    ensure_role_groups(Group)
    register_redirect_uri(oidc_provider_folder, live_server.url + "/staff/oidc/callback/")
    return hospital_sign_in


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_doctor_signs_in_through_the_hospital_in_the_chosen_language(
    language, live_server, desktop_page, hospital_sign_in_for_the_browser
):
    from django.contrib.auth import get_user_model

    from rpl.web.accounts.roles import roles_of

    page = desktop_page
    provider = hospital_sign_in_for_the_browser
    page.goto(live_server.url + "/staff/login/")
    page.get_by_role("button", name=LANGUAGES[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)

    button = _in(language, "Sign in with %(provider)s", provider="Demo Hospital")
    page.get_by_role("link", name=button).click()

    # The provider's own page, on its own address.
    page.wait_for_url(provider + "/login/**")
    page.locator("input[name=username]").fill("lan.nguyen")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(live_server.url + "/staff/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", name=_in(language, "Staff area"))).to_be_visible()
    user = get_user_model().objects.get(username="lan.nguyen")
    assert roles_of(user) == ["clinician"]

    # The clinician's pages open: the couple records.
    page.get_by_role("link", name=_in(language, "Couple records")).first.click()
    expect(page.get_by_role("heading", name=_in(language, "Couple records"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
