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
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from rpl.core.selfcheck import self_check as run_self_check
from rpl.core.sources import load_sources
from rpl.core.triage import check_warning_signs
from rpl.web.bookings.forms import SELFCHECK_SALT
from rpl.web.engine_text import EngineText, engine_text
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
    slug: str
    title: Text
    summary: Text
    body: Text | None
    last_reviewed: Any
    review_note: str
    sources: list[CitedSource]


@dataclass(frozen=True)
class FaqView:
    key: str
    question: Text
    answer: Text
    sources: list[CitedSource]
    last_reviewed: Any  # reviewed together with its page; None without a page


def _page_view(page: EducationPage, language: str, *, with_body: bool) -> PageView:
    return PageView(
        slug=page.slug,
        title=_text(page.title, language),
        summary=_text(page.summary, language),
        body=_text(page.body, language, markdown=True) if with_body else None,
        last_reviewed=page.last_reviewed,
        review_note=page.review_note,
        sources=cited_sources(page.sources, page.recommendations) if with_body else [],
    )


def _faq_view(entry: FaqEntry, language: str) -> FaqView:
    return FaqView(
        key=entry.key,
        question=_text(entry.question, language),
        answer=_text(entry.answer, language, markdown=True),
        sources=cited_sources(entry.sources, entry.recommendations),
        last_reviewed=entry.page.last_reviewed if entry.page else None,
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
    context = {"page": _page_view(page, language, with_body=True), "related_faq": related}
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
    found = search.search(query, texts)
    context = {
        "query": query,
        "entries": [_faq_view(entry, language) for entry in found],
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

# Plain names of the tests the engine may advise, in the reader's language.
TEST_NAMES = {
    "lupus_anticoagulant": _("Lupus anticoagulant (blood test for antiphospholipid syndrome)"),
    "anticardiolipin_antibodies": _(
        "Anticardiolipin antibodies (blood test for antiphospholipid syndrome)"
    ),
    "anti_b2gp1_antibodies": _(
        "Anti-β2-glycoprotein I antibodies (blood test for antiphospholipid syndrome)"
    ),
    "tsh": _("Thyroid function (TSH)"),
    "free_t4": _("Free T4 (thyroid hormone)"),
    "tpo_antibodies": _("Thyroid antibodies (TPO)"),
    "prolactin": _("Prolactin (a hormone)"),
    "hba1c": _("HbA1c (blood sugar over recent months)"),
    "tissue_genetics": _("Chromosome test of the pregnancy tissue"),
    "parental_karyotype": _("Chromosome test of both partners (karyotype)"),
    "uterine_assessment": _("Scan of the shape of the womb (3D ultrasound)"),
    "sperm_dna_fragmentation": _("Sperm DNA test for the partner"),
    "antinuclear_antibodies": _("Antinuclear antibodies (ANA)"),
    "infection_screen": _("Tests for infection"),
    "vitamin_d": _("Vitamin D level"),
}
# Published prognosis models by source, named in the reader's language (else the English title).
MODEL_NAMES = {
    "BRIGHAM-1999": _(
        "The table of Brigham and colleagues (1999): the chance of success in the next pregnancy"
        " after unexplained recurrent miscarriage"
    ),
}
RECOMMENDATION_LABELS = {
    "recommended": _("Advised"),
    "conditional": _("May be considered"),
}


def _model_name(source: str, title: str) -> EngineText:
    if source in MODEL_NAMES:
        return EngineText(str(MODEL_NAMES[source]), _language())
    return EngineText(title, "en")


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
    sources = {ref.source for test in result.tests for ref in test.sources}
    sources |= {ref.source for item in result.before_next_pregnancy for ref in item.sources}
    if result.chance:
        sources |= {ref.source for ref in result.chance.sources}
    context = {
        "result": result,
        "definition": engine_text(result.definition),
        "tests": [
            {
                "name": TEST_NAMES.get(item.code, item.code.replace("_", " ")),
                "label": RECOMMENDATION_LABELS.get(item.recommendation, item.recommendation),
                "reason": engine_text(item.reason),
            }
            for item in result.tests
        ],
        # What helps, apart from what the guidelines advise against: a patient must not read
        # an advised-against item under "what helps".
        "plan": [
            engine_text(item.reason)
            for item in result.before_next_pregnancy
            if item.recommendation in ("recommended", "conditional")
        ],
        "not_advised": [
            engine_text(item.reason)
            for item in result.before_next_pregnancy
            if item.recommendation in ("not_recommended", "research_only")
        ],
        "chance_caveat": engine_text(result.chance.caveat) if result.chance else None,
        "chance_model": _model_name(result.chance.source, result.chance.model)
        if result.chance
        else None,
        "chance_note": engine_text(result.chance_note) if result.chance_note else None,
        "sources": _source_titles(sources),
        "selfcheck": signing.dumps(answers.model_dump(mode="json"), salt=SELFCHECK_SALT),
    }
    return render(request, "site/self_check_result.html", context)
