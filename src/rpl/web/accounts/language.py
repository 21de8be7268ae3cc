"""The staff area's language: each staff user's own choice, kept with their account.

The public site takes its language from the URL prefix (/vi/...). Staff pages keep plain URLs,
so Django's LocaleMiddleware picks the language-cookie's or the browser's language for them;
once a staff user has chosen a language with the switcher (`choose_language`), that choice is
stored (`StaffPreference`), copied into the session at sign-in and activated on every staff
page by `staff_language`. The languages are those of languages.yaml (settings.LANGUAGES).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from rpl.web.accounts.models import StaffPreference

SESSION_KEY = "rpl_staff_language"
STAFF_PREFIX = "/staff/"


def known(code: str) -> bool:
    return code in {language for language, _ in settings.LANGUAGES}


def preferred_language(user: Any) -> str:
    """The user's chosen language, or "" when they have not chosen one."""
    preference = StaffPreference.objects.filter(user_id=user.pk).first()
    return preference.language if preference is not None and known(preference.language) else ""


@receiver(user_logged_in, dispatch_uid="rpl-staff-language")
def apply_at_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = preferred_language(user)


def staff_language(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """On staff pages, the signed-in user's language (after LocaleMiddleware's own choice)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.path.startswith(STAFF_PREFIX) and user is not None and user.is_authenticated:
            if SESSION_KEY not in request.session:  # a session from before the preference
                request.session[SESSION_KEY] = preferred_language(user)
            language = request.session[SESSION_KEY]
            if language and known(language):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return get_response(request)

    return middleware


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The staff language switcher. Needs no role: the sign-in page offers it too. Signed in,
    the choice is kept with the account; always in the language cookie for the sign-in page."""
    code = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith(STAFF_PREFIX):
        target = "accounts:staff-home"
    response = redirect(target)
    if not known(code):
        return response
    if request.user.is_authenticated:
        StaffPreference.objects.update_or_create(user=request.user, defaults={"language": code})
        request.session[SESSION_KEY] = code
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def staff_languages(request: HttpRequest) -> dict[str, Any]:
    """The staff switcher's choices: each language named in itself, the current one marked."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "staff_languages": [
            {"code": code, "name": name, "current": code == current}
            for code, name in settings.LANGUAGES
        ]
    }
