"""The clinic's privacy notice: a template per law (src/rpl/knowledge/privacy/*.yaml), or the
clinic's completed copy, filled from the settings and shown in the reader's language."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

TEMPLATES = Path(__file__).resolve().parents[2] / "knowledge" / "privacy"
LAWS = ("vn-decree-13-2023", "cn-pipl", "tr-kvkk")
TO_COMPLETE = re.compile(r"\[\[(.+?)\]\]")


class NoticeError(ValueError):
    pass


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    language: str  # the language the text is in (English when the reader's is missing)
    to_complete: tuple[str, ...]  # what the clinic has yet to write here


@dataclass(frozen=True)
class Notice:
    title: str
    title_language: str
    sections: tuple[Section, ...]

    @property
    def incomplete(self) -> bool:
        return any(section.to_complete for section in self.sections)


def notice_path(choice: str) -> Path:
    if choice in LAWS:
        return TEMPLATES / f"{choice}.yaml"
    path = Path(choice).expanduser()
    if not path.is_file():
        raise NoticeError(
            f"RPL_PRIVACY_NOTICE must be one of {', '.join(LAWS)} or a file; {choice!r} is neither"
        )
    return path


@functools.cache
def load(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise NoticeError(f"{path.name}: a privacy notice has a title and a list of items")
    for item in document["items"]:
        if not {"key", "heading", "text"} <= set(item) or "en" not in item["text"]:
            raise NoticeError(f"{path.name}: every item has key, heading and text (with en)")
    return document


def _pick(texts: dict[str, str], language: str) -> tuple[str, str]:
    if language in texts:
        return texts[language], language
    return texts["en"], "en"


def retention_text() -> str:
    days = settings.RPL_RETENTION_DAYS
    if days is None:
        return _("What you send is kept until you ask the clinic to delete it; ask at any time.")
    return ngettext(
        "What you send is deleted %(days)d day after your booking is closed or your question "
        "answered, unless a law obliges the clinic to keep it longer.",
        "What you send is deleted %(days)d days after your booking is closed or your question "
        "answered, unless a law obliges the clinic to keep it longer.",
        days,
    ) % {"days": days}


def clinic_notice(language: str) -> Notice | None:
    """The configured notice in `language` (English where the file has no text in it), or None
    when RPL_PRIVACY_NOTICE is unset."""
    choice = settings.RPL_PRIVACY_NOTICE
    if not choice:
        return None
    document = load(notice_path(choice))
    values = {
        "controller": settings.RPL_PRIVACY_CONTROLLER or settings.RPL_CLINIC_NAME,
        "contact": settings.RPL_PRIVACY_CONTACT
        or settings.RPL_CLINIC_PHONE
        or settings.RPL_CLINIC_EMAIL,
        "clinic": settings.RPL_CLINIC_NAME,
        "retention": retention_text(),
    }
    sections = []
    for item in document["items"]:
        heading, _heading_language = _pick(item["heading"], language)
        text, text_language = _pick(item["text"], language)
        filled = text.format(**values)
        sections.append(
            Section(
                heading=heading,
                text=TO_COMPLETE.sub(r"\1", filled),
                language=text_language,
                to_complete=tuple(TO_COMPLETE.findall(filled)),
            )
        )
    title, title_language = _pick(document["title"], language)
    return Notice(title, title_language, tuple(sections))
