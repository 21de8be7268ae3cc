"""Template context every public page needs: the menu, the language switcher, the clinic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header


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


# Chinese as written in mainland China, Singapore and Malaysia: the site's simplified Chinese.
# Traditional Chinese (zh-TW, zh-HK, zh-Hant) is not offered it.
SIMPLIFIED_CHINESE = {"zh", "zh-cn", "zh-sg", "zh-my"}


def suggested_language(request: HttpRequest, links: list[LanguageLink]) -> str | None:
    """On a page in the site's default language (English), the site language the visitor's
    browser asks for first, when it is another: a patient sent to an English page from a
    Vietnamese clinic's link reaches Vietnamese in one tap on a phone. A page already in a
    chosen language offers nothing more (its control lists the others). None on pages without
    language addresses (the staff sign-in pages keep their own buttons). The template takes the
    link from `language_links`, which a view may build itself (an answer's key); the page then
    varies with Accept-Language (rpl.web.site.middleware.vary_on_language_suggestion)."""
    by_code = {link.code: link for link in links}
    if not by_code.get(settings.LANGUAGE_CODE, links[0]).current:
        return None
    request.rpl_reads_accept_language = True
    for asked, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        asked = asked.lower()
        simplified = asked in SIMPLIFIED_CHINESE or asked.startswith("zh-hans")
        code = "zh-hans" if simplified else asked.split("-")[0]
        found = by_code.get(asked) or by_code.get(code)
        if found is not None:
            return None if found.current or found.url == request.path else found.code
    return None


def site(request: HttpRequest) -> dict[str, Any]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    links = language_links(request.path, current)
    return {
        "main_nav": main_nav(request.path),
        "language_links": links,
        "suggested_language": suggested_language(request, links),
        "clinic_name": settings.RPL_CLINIC_NAME,
        "clinic_phone": settings.RPL_CLINIC_PHONE,
        "clinic_address": settings.RPL_CLINIC_ADDRESS,
        "clinic_hours": settings.RPL_CLINIC_HOURS,
        "clinic_logo": bool(settings.RPL_CLINIC_LOGO),
        "emergency_number": settings.RPL_EMERGENCY_NUMBER,
    }
