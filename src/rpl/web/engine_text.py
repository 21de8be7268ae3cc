"""The engine's sentences in the reader's language.

The engine writes whole English sentences marked for translation (`rpl.core.text`); a text may
be several of them, or a template with numbers filled in. `engine_text` finds each part in the
site's catalogues. A part without a translation leaves the whole text in English, marked as
such (`lang="en"`), rather than half-translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from rpl.core.text import translate


@dataclass(frozen=True)
class EngineText:
    """A text from the engine and the language it is actually shown in."""

    text: str
    lang: str


def _joiner(language: str) -> str:
    # Chinese runs sentences together without spaces; the others separate them with one.
    return "" if language.startswith("zh") else " "


def engine_text(text: str) -> EngineText:
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == "en" or not text:
        return EngineText(text, language)
    translated = translate(text, gettext, joiner=_joiner(language))
    if translated is None:
        return EngineText(text, "en")
    return EngineText(translated, language)
