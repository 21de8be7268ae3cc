"""Template context every public page needs: the menu, the language switcher, the clinic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language, so a reader can find theirs
    url: str
    current: bool


# (URL name, label): the public site's menu, in reading order.
MAIN_NAV = [
    ("site:home", _("Home")),
    ("site:education-index", _("Learn")),
    ("site:faq", _("Questions and answers")),
    ("site:warning-signs", _("Warning signs")),
    ("site:self-check", _("Self-check")),
    ("bookings:book", _("Book a consultation")),
    ("questions:ask", _("Ask a doctor")),
]


def main_nav(path: str) -> list[Link]:
    links = []
    for name, label in MAIN_NAV:
        url = reverse(name)
        current = path == url or (url.count("/") > 2 and path.startswith(url))
        links.append(Link(str(label), url, current))
    return links


def language_links(path: str, current: str) -> list[LanguageLink]:
    """This page in each site language. Only the path is kept: query strings are dropped."""
    return [
        LanguageLink(code, name, translate_url(path, code), code == current)
        for code, name in settings.LANGUAGES
    ]


def site(request: HttpRequest) -> dict[str, Any]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "main_nav": main_nav(request.path),
        "language_links": language_links(request.path, current),
        "clinic_name": settings.RPL_CLINIC_NAME,
        "clinic_phone": settings.RPL_CLINIC_PHONE,
        "clinic_address": settings.RPL_CLINIC_ADDRESS,
        "clinic_hours": settings.RPL_CLINIC_HOURS,
        "clinic_logo": bool(settings.RPL_CLINIC_LOGO),
        "emergency_number": settings.RPL_EMERGENCY_NUMBER,
    }
