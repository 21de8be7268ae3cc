"""Django admin for the content admins look after: education pages and FAQ entries (with one
text box per language) and, read-only, the rule reviews. Profiles are data files, shown read-only
on the staff page /staff/profiles/."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest

from rpl.web.clinic.models import ContentReview
from rpl.web.site.models import (
    TRANSLATED_FIELDS_FAQ,
    TRANSLATED_FIELDS_PAGE,
    EducationPage,
    FaqEntry,
)


class TranslatedForm(forms.ModelForm):
    """Each per-language JSON field as one text box per site language (English required)."""

    translated: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("sources", "recommendations"):  # an empty list is a fine answer
            if name in self.fields:
                self.fields[name].required = False
        for field in self.translated:
            current = getattr(self.instance, field, None) or {}
            for code, _ in settings.LANGUAGES:
                self.fields[f"{field}__{code}"].initial = current.get(code, "")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        self._check_ids(cleaned)
        for field in self.translated:
            cleaned[field] = {
                code: cleaned.get(f"{field}__{code}", "")
                for code, _ in settings.LANGUAGES
                if cleaned.get(f"{field}__{code}", "").strip()
            }
        return cleaned

    def _check_ids(self, cleaned: dict[str, Any]) -> None:
        """`sources` and `recommendations` are lists of known ids: anything else (a string, a
        number, an object, an unknown id) would break the public page that cites them."""
        from rpl.core.evidence import load_recommendations
        from rpl.core.sources import load_sources

        known: dict[str, Mapping[str, object]] = {
            "sources": load_sources(),
            "recommendations": load_recommendations(),
        }
        for name, ids in known.items():
            if name not in self.fields:
                continue
            value = cleaned.get(name)
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                self.add_error(name, 'Give a list of ids, e.g. ["eshre-2022"].')
                continue
            if unknown := [item for item in value if item not in ids]:
                self.add_error(name, f"Unknown id(s): {', '.join(unknown[:5])}.")

    def save(self, commit: bool = True) -> Any:
        for field in self.translated:
            setattr(self.instance, field, self.cleaned_data[field])
        for name in ("sources", "recommendations"):
            if getattr(self.instance, name, None) is None:
                setattr(self.instance, name, [])
        return super().save(commit=commit)


def translated_form(model: Any, translated: tuple[str, ...]) -> type[TranslatedForm]:
    """A model form with a text box per language for each translated field (declared, so the
    admin knows them)."""
    attrs: dict[str, Any] = {
        f"{field}__{code}": forms.CharField(
            label=f"{field} ({name})",
            required=code == settings.LANGUAGE_CODE,
            widget=forms.Textarea(attrs={"rows": 14 if field in ("body", "answer") else 3}),
        )
        for field in translated
        for code, name in settings.LANGUAGES
    }
    attrs["translated"] = translated
    attrs["Meta"] = type("Meta", (), {"model": model, "exclude": translated})
    return type(f"{model.__name__}Form", (TranslatedForm,), attrs)


PageForm = translated_form(EducationPage, TRANSLATED_FIELDS_PAGE)
FaqForm = translated_form(FaqEntry, TRANSLATED_FIELDS_FAQ)


@admin.register(EducationPage)
class EducationPageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = ("slug", "order", "last_reviewed", "edited_by_staff", "updated_at")
    search_fields = ("slug",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        translated = [
            f"{f}__{code}" for f in TRANSLATED_FIELDS_PAGE for code, _ in settings.LANGUAGES
        ]
        return [
            "slug",
            "order",
            "last_reviewed",
            "review_note",
            "sources",
            "recommendations",
            *translated,
        ]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    form = FaqForm
    list_display = ("key", "order", "page", "edited_by_staff", "updated_at")
    search_fields = ("key",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        translated = [
            f"{f}__{code}" for f in TRANSLATED_FIELDS_FAQ for code, _ in settings.LANGUAGES
        ]
        return ["key", "order", "page", "sources", "recommendations", *translated]


@admin.register(ContentReview)
class ContentReviewAdmin(admin.ModelAdmin):
    """The review history, read-only: reviews are recorded on the content review pages."""

    list_display = ("kind", "item_id", "decision", "reviewer_name", "reviewed_at")
    list_filter = ("kind", "decision")
    readonly_fields = (
        "kind",
        "item_id",
        "content_hash",
        "content",
        "decision",
        "note",
        "reviewer",
        "reviewer_name",
        "reviewed_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
