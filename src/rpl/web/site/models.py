"""Patient education pages and FAQ entries, editable by staff, in every site language.

Translated fields are JSON objects keyed by language code ({"en": ..., "vi": ..., "zh-hans": ...,
"tr": ...}), the same shape as the knowledge files they are loaded from
(src/rpl/knowledge/education/, loader `rpl.core.education`). Why not a translation library:
the content arrives as per-language maps, the four languages are fixed in settings, and a JSON
object needs no extra dependency, no column per language and no migration to add a language,
and reads the same on SQLite and PostgreSQL.

`loaded_hash` is the hash of the content as it was last loaded from the files. When the content
no longer matches it, staff have edited the entry, and loading the files again keeps their edit
unless told to overwrite it (`load_education --overwrite-staff-edits`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

TRANSLATED_FIELDS_PAGE = ("title", "summary", "body")
TRANSLATED_FIELDS_FAQ = ("question", "answer")


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def in_language(value: dict[str, str], language: str) -> tuple[str, str]:
    """(text, language it is in): the requested language, else English, else any."""
    for code in (language, settings.LANGUAGE_CODE, *value):
        if value.get(code, "").strip():
            return value[code], code
    return "", language


class _Loaded(models.Model):
    sources = models.JSONField(default=list, help_text="Ids in rpl/knowledge/sources.yaml.")
    recommendations = models.JSONField(
        default=list, help_text="Ids in rpl/knowledge/evidence/recommendations.yaml."
    )
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    CONTENT_FIELDS: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def content(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in self.CONTENT_FIELDS}

    @property
    def edited_by_staff(self) -> bool:
        return bool(self.loaded_hash) and content_hash(self.content()) != self.loaded_hash


class EducationPage(_Loaded):
    slug = models.SlugField(max_length=80, unique=True)
    order = models.PositiveIntegerField()
    last_reviewed = models.DateField()
    review_note = models.TextField()
    title = models.JSONField()
    summary = models.JSONField()
    body = models.JSONField(help_text="Markdown subset (docs/education.md).")

    CONTENT_FIELDS = (
        "order",
        "last_reviewed",
        "review_note",
        "sources",
        "recommendations",
        "title",
        "summary",
        "body",
    )

    class Meta:
        ordering = ("order", "slug")

    def __str__(self) -> str:
        return self.slug


class FaqEntry(_Loaded):
    key = models.SlugField(max_length=80, unique=True, help_text="The id in faq.yaml.")
    order = models.PositiveIntegerField()
    page = models.ForeignKey(
        EducationPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="faq"
    )
    question = models.JSONField()
    answer = models.JSONField(help_text="Markdown subset (docs/education.md).")

    CONTENT_FIELDS = ("order", "page_id", "sources", "recommendations", "question", "answer")

    class Meta:
        ordering = ("order", "key")
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.key
