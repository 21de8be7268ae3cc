"""Texts in the reader's language, for every outlet (web pages, PDFs, CLI, FHIR narrative).

Reads the compiled catalogues in `rpl/knowledge/locale/` with Python's own gettext, so the
presenter needs no web framework: the `django` domain holds every sentence and label (the
engine's, the presenter's and the site's templates'), the `catalogue` domain the names of
codes (`rpl.core.catalogue`). A text whose translation is missing is shown in English and
says so (`Text.lang`), so a page can mark it with `lang="en"`; it is never half-translated.
"""

from __future__ import annotations

import datetime as dt
import gettext as stdlib_gettext
import re
from dataclasses import dataclass
from functools import cache

from rpl.core.catalogue import DOMAIN as CATALOGUE_DOMAIN
from rpl.core.catalogue import Audience, Group, code_names
from rpl.core.knowledge import knowledge_path
from rpl.core.languages import Language, get_language
from rpl.core.text import translate

SENTENCE_DOMAIN = "django"  # the site's catalogue: Django reads the same files


def locale_dir() -> str:
    return str(knowledge_path("locale"))


@dataclass(frozen=True, order=True)
class Text:
    """A text as shown, and the language it is actually in (BCP 47)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


# What a catalogue answers for a message it does not hold (through gettext's fallback chain),
# so that a translation that happens to equal the English (TSH, Metformin) still counts as one.
MISSING = "\x00"


class _Missing(stdlib_gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return MISSING + message

    def pgettext(self, context: str, message: str) -> str:
        return MISSING + message


def _catalogue(domain: str, language: Language) -> stdlib_gettext.NullTranslations:
    found = stdlib_gettext.translation(domain, locale_dir(), [language.gettext], fallback=True)
    found.add_fallback(_Missing())
    return found


# An ISO date inside an engine sentence (the engine writes dates the one way it can be read back).
_ISO_DATE = re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])")


class Translator:
    """One language's catalogues. Use `translator(code)`, which keeps one per language."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.english = language.code == "en"
        self._sentences = _catalogue(SENTENCE_DOMAIN, language)
        self._names = _catalogue(CATALOGUE_DOMAIN, language)

    def _gettext(self, message: str) -> str:
        """The sentence catalogue's translation, or the message itself when it has none."""
        return self._sentences.gettext(message).removeprefix(MISSING)

    @property
    def lang(self) -> str:
        return self.language.html_lang

    def label(self, message: str, context: str | None = None) -> str:
        """A label or fixed sentence of the presenter (marked with gettext_noop)."""
        if not message:
            return message  # gettext("") is the catalogue's header
        if context is not None:
            return self._sentences.pgettext(context, message).removeprefix(MISSING)
        return self._gettext(message)

    def text(self, english: str) -> Text:
        """An engine text (whole sentences, templates filled): translated whole, or English.
        Dates the engine writes as 2026-12-07 are shown as readers of the language write them."""
        if self.english or not english:
            return Text(self._local_dates(english), self.lang)
        translated = translate(english, self._found, joiner=self.language.sentence_joiner)
        if translated is None:
            return Text(self._local_dates(english), "en")
        return Text(self._local_dates(translated), self.lang)

    def _local_dates(self, text: str) -> str:
        def local(match: re.Match[str]) -> str:
            try:
                day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return match[0]
            return self.language.format_date(day)

        return _ISO_DATE.sub(local, text) if text else text

    def _found(self, message: str) -> str:
        """For `rpl.core.text.translate`: the translation, or the message when there is none
        (which is how it tells a missing sentence)."""
        shown = self._sentences.gettext(message)
        return message if shown.startswith(MISSING) else shown

    def name(self, group: Group, code: str, audience: Audience) -> Text:
        """A code's name (`rpl/knowledge/catalogue/codes.yaml`) in this language."""
        names = code_names(group, code)
        if names is None:
            return Text(code.replace("_", " "), "en")
        english = names.name(audience)
        if self.english:
            return Text(english, self.lang)
        if names.context is not None:
            shown = self._names.pgettext(names.context, english)
        else:
            shown = self._names.gettext(english)
        if shown.startswith(MISSING):
            return Text(english, "en")
        return Text(shown, self.lang)

    def date(self, date: dt.date) -> str:
        return self.language.format_date(date)

    def labelled(self, label: str, value: str) -> str:
        """ "label: value" with the language's separator (方案：… in Chinese)."""
        return self.language.labelled(label, value)

    def bracketed(self, text: str) -> str:
        """ " (aside)" in the language's brackets (（…）in Chinese)."""
        return self.language.bracketed(text)


@cache
def translator(code: str) -> Translator:
    """The translator of a language code (`vi`, `zh-hans`, `zh_Hans`); KeyError if unknown."""
    return Translator(get_language(code))
