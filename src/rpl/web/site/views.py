"""The public site's own pages: education, FAQ, warning-sign check and self-check.

Views are thin: they read the request, call the site's or the core's functions, and render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from rpl.core.governance import SignOff
from rpl.core.selfcheck import self_check as run_self_check
from rpl.core.sources import load_sources
from rpl.core.triage import check_warning_signs
from rpl.present.selfcheck import for_self_check
from rpl.present.translate import translator
from rpl.web.bookings.forms import SELFCHECK_SALT
from rpl.web.clinic import governance
from rpl.web.profiles import choose_profile
from rpl.web.site import search
from rpl.web.site.education import CitedSource, cited_sources, render_markdown
from rpl.web.site.forms import SelfCheckForm, WarningSignForm
from rpl.web.site.models import EducationPage, FaqEntry, in_language

SEARCH_MAX = 200  # characters of a search query that are used


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Text:
    """A translated text and the language it is actually in (English if a translation is missing)."""

    text: str
    lang: str
    html: SafeString | None = None


def _text(value: dict[str, str], language: str, *, markdown: bool = False) -> Text:
    text, lang = in_language(value, language)
    return Text(text, lang, render_markdown(text) if markdown else None)


@dataclass(frozen=True)
class PageView:
    """An education page as a patient reads it. Its footer follows the clinic's sign-off
    (`sign_off`): who reviewed it, when, and when it is next due; until then a short notice.
    Authors' internal notes (`review_note`) are never shown here."""

    slug: str
    title: Text
    summary: Text
    body: Text | None
    sources: list[CitedSource]
    sign_off: SignOff | None = None


@dataclass(frozen=True)
class FaqView:
    key: str
    question: Text
    answer: Text
    sources: list[CitedSource]
    sign_off: SignOff | None = None


def _page_view(
    page: EducationPage, language: str, *, with_body: bool, sign_off: SignOff | None = None
) -> PageView:
    return PageView(
        slug=page.slug,
        title=_text(page.title, language),
        summary=_text(page.summary, language),
        body=_text(page.body, language, markdown=True) if with_body else None,
        sources=cited_sources(page.sources, page.recommendations) if with_body else [],
        sign_off=sign_off,
    )


def _faq_view(entry: FaqEntry, language: str, sign_off: SignOff | None = None) -> FaqView:
    return FaqView(
        key=entry.key,
        question=_text(entry.question, language),
        answer=_text(entry.answer, language, markdown=True),
        sources=cited_sources(entry.sources, entry.recommendations),
        sign_off=sign_off,
    )


@require_GET
def education_index(request: HttpRequest) -> HttpResponse:
    language = _language()
    pages = [_page_view(p, language, with_body=False) for p in EducationPage.objects.all()]
    return render(request, "site/education_index.html", {"pages": pages})


@require_GET
def education_page(request: HttpRequest, slug: str) -> HttpResponse:
    language = _language()
    page = EducationPage.objects.filter(slug=slug).first()
    if page is None:
        raise Http404
    related = [_faq_view(entry, language) for entry in page.faq.select_related("page")]
    state = governance.state("page", page.slug)
    sign_off = state.sign_off if state is not None else None
    context = {
        "page": _page_view(page, language, with_body=True, sign_off=sign_off),
        "related_faq": related,
    }
    return render(request, "site/education_page.html", context)


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    language = _language()
    query = request.GET.get("q", "")[:SEARCH_MAX].strip()
    entries = list(FaqEntry.objects.select_related("page"))
    texts = [
        (entry, in_language(entry.question, language)[0], in_language(entry.answer, language)[0])
        for entry in entries
    ]
    found = search.search(query, texts, language)
    sign_offs = governance.sign_offs("faq")
    context = {
        "query": query,
        "entries": [_faq_view(entry, language, sign_offs.get(entry.key)) for entry in found],
        "total": len(entries),
    }
    return render(request, "site/faq.html", context)


@dataclass(frozen=True)
class SourceLine:
    title: str
    ref: str
    strength: str
    language: str = "en"  # of the title, for the lang attribute


def _source_lines(refs: list[Any]) -> list[SourceLine]:
    """One line per source and place: two recommendations of one source read at the same place
    (e.g. two warning signs from one leaflet) would print the same line twice."""
    sources = load_sources()
    lines: list[SourceLine] = []
    for ref in refs:
        source = sources.get(ref.source)
        if source is None:
            line = SourceLine(ref.source, ref.ref, ref.strength)
        else:
            line = SourceLine(source.title, ref.ref, ref.strength, source.language)
        if line not in lines:
            lines.append(line)
    return lines


@dataclass(frozen=True)
class SourceTitle:
    title: str
    language: str


def _source_titles(source_ids: set[str]) -> list[SourceTitle]:
    known = load_sources()
    titles = [
        SourceTitle(known[s].title, known[s].language) if s in known else SourceTitle(s, "en")
        for s in source_ids
    ]
    return sorted(titles, key=lambda t: t.title)


@never_cache
@require_http_methods(["GET", "POST"])
def warning_signs(request: HttpRequest) -> HttpResponse:
    """The check and its result. The result is rendered straight from the POST: nothing is kept."""
    if request.method == "GET":
        return render(request, "site/warning_signs.html", {"form": WarningSignForm()})
    form = WarningSignForm(request.POST)
    if not form.is_valid():
        return render(request, "site/warning_signs.html", {"form": form}, status=400)
    triage = check_warning_signs(form.answers())
    context = {"triage": triage, "sources": _source_lines(triage.sources)}
    return render(request, "site/warning_signs_result.html", context)


# --- Self-check ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def self_check(request: HttpRequest) -> HttpResponse:
    """The questions and the result, rendered from the POST: nothing is stored."""
    if request.method == "GET":
        return render(request, "site/self_check.html", {"form": SelfCheckForm()})
    form = SelfCheckForm(request.POST)
    if not form.is_valid():
        return render(request, "site/self_check.html", {"form": form}, status=400)
    answers = form.answers()
    profile = choose_profile()
    result = run_self_check(answers, profile, timezone.localdate())
    view = for_self_check(result, translator(_language()))
    context = {
        "result": result,
        "view": view,
        "selfcheck": signing.dumps(answers.model_dump(mode="json"), salt=SELFCHECK_SALT),
    }
    return render(request, "site/self_check_result.html", context)
