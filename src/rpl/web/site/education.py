"""Loading the education content into the database, and preparing it for a page.

`load_education()` is the data step behind `manage.py load_education` and `rpl demo`: it reads
the knowledge files through `rpl.core.education` (which refuses unsourced or malformed content),
creates what is missing, updates what staff have not edited, and keeps staff edits unless
`overwrite_staff_edits` is set. It runs in one transaction: a problem leaves nothing half-loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from rpl.core import education as knowledge
from rpl.core.evidence import load_recommendations
from rpl.core.sources import load_sources
from rpl.web.site.models import EducationPage, FaqEntry, content_hash


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_staff_edits: list[str] = field(default_factory=list)
    overwritten_staff_edits: list[str] = field(default_factory=list)
    not_in_files: list[str] = field(default_factory=list)


def _translated(value: knowledge.Translated) -> dict[str, str]:
    return dict(value.items())


def _sync(
    model: type[EducationPage] | type[FaqEntry],
    lookup: dict[str, Any],
    content: dict[str, Any],
    label: str,
    overwrite: bool,
    report: LoadReport,
) -> Any:
    new_hash = content_hash(content)
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **content, loaded_hash=new_hash)
        report.created.append(label)
        return instance
    if instance.edited_by_staff:
        if not overwrite:
            report.kept_staff_edits.append(label)
            return instance
        report.overwritten_staff_edits.append(label)
    elif instance.loaded_hash == new_hash:
        report.unchanged.append(label)
        return instance
    else:
        report.updated.append(label)
    for name, value in content.items():
        setattr(instance, name, value)
    instance.loaded_hash = new_hash
    instance.save()
    return instance


@transaction.atomic
def load_education(
    directory: Path | None = None, *, overwrite_staff_edits: bool = False
) -> LoadReport:
    """Bring the database in line with the education files (see the module docstring)."""
    pages = knowledge.load_pages(directory)
    faq = knowledge.load_faq(directory)
    report = LoadReport()
    by_slug: dict[str, EducationPage] = {}
    for page in pages:
        content = {
            "order": page.order,
            "last_reviewed": page.last_reviewed,
            "review_note": page.review_note,
            "sources": list(page.sources),
            "recommendations": list(page.recommendations),
            "title": _translated(page.title),
            "summary": _translated(page.summary),
            "body": _translated(page.body),
        }
        by_slug[page.slug] = _sync(
            EducationPage,
            {"slug": page.slug},
            content,
            f"page {page.slug}",
            overwrite_staff_edits,
            report,
        )
    for order, entry in enumerate(faq, start=1):
        related = by_slug.get(entry.page) if entry.page else None
        content = {
            "order": order,
            "page_id": related.pk if related else None,
            "sources": list(entry.sources),
            "recommendations": list(entry.recommendations),
            "question": _translated(entry.question),
            "answer": _translated(entry.answer),
        }
        _sync(
            FaqEntry, {"key": entry.id}, content, f"faq {entry.id}", overwrite_staff_edits, report
        )
    slugs = {page.slug for page in pages}
    keys = {entry.id for entry in faq}
    report.not_in_files = [
        *(
            f"page {s}"
            for s in EducationPage.objects.exclude(slug__in=slugs).values_list("slug", flat=True)
        ),
        *(f"faq {k}" for k in FaqEntry.objects.exclude(key__in=keys).values_list("key", flat=True)),
    ]
    return report


# --- Rendering -----------------------------------------------------------------------------------

# Only the subset the content format allows: paragraphs, ## and ### headings, - and 1. lists,
# **bold**. Raw HTML is off, so any tag in the text is shown as text, never as markup.
_MARKDOWN = MarkdownIt("zero", {"html": False}).enable(["heading", "list", "emphasis"])


def render_markdown(text: str) -> SafeString:
    return mark_safe(_MARKDOWN.render(text))  # noqa: S308  # escaped by markdown-it, HTML off


@dataclass(frozen=True)
class CitedSource:
    id: str
    title: str
    issuer: str | None
    year: int | None
    refs: list[str]
    language: str = "en"  # of the title, for the lang attribute


def cited_sources(source_ids: list[str], recommendation_ids: list[str]) -> list[CitedSource]:
    """Each source with its title, and the places in it (recommendation refs) the page rests on."""
    sources = load_sources()
    recommendations = load_recommendations()
    cited = []
    for source_id in source_ids:
        source = sources.get(source_id)
        refs = [
            recommendations[r].ref
            for r in recommendation_ids
            if r in recommendations and recommendations[r].source == source_id
        ]
        if source is None:
            cited.append(CitedSource(source_id, source_id, None, None, refs))
        else:
            cited.append(
                CitedSource(
                    source.id,
                    source.title,
                    source.issuer,
                    source.year,
                    list(dict.fromkeys(refs)),
                    source.language,
                )
            )
    return cited
