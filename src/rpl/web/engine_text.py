"""The engine's sentences in the reader's language, for templates that show them one by one.

A thin shell over the presenter's translator (`rpl.present.translate`), with the active Django
language: one way to translate engine texts everywhere. A part without a translation leaves the
whole text in English, marked as such (`lang="en"`), rather than half-translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from rpl.present.translate import translator


@dataclass(frozen=True)
class EngineText:
    """A text from the engine and the language it is actually shown in (the site's code)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


def engine_text(text: str) -> EngineText:
    language = translation.get_language() or settings.LANGUAGE_CODE
    shown = translator(language).text(text)
    return EngineText(shown.text, "en" if shown.lang == "en" else language)
