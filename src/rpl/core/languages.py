"""The languages RPL Care speaks, and the facts each outlet needs about them.

Read from `rpl/knowledge/catalogue/languages.yaml`, the one list of languages: the site's
settings, the PDF fonts, the CLI's choices, dates and the catalogues all come from it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.knowledge import knowledge_path, read_yaml

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Language(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z]{2}(-[a-z]+)?$", description="URL prefix and Django code.")
    html_lang: str = Field(description="BCP 47 tag for lang attributes.")
    gettext: str = Field(description="Folder of its catalogues under knowledge/locale/.")
    name: str = Field(description="The language's name in itself.")
    english_name: str
    script: Literal["Latn", "Hans", "Hant", "Cyrl", "Arab"]
    fonts: str = Field(description="CSS font stack for printed reports.")
    date_format: str
    sentence_joiner: str = Field(description="What goes between two translated sentences.")
    label_separator: str = Field(
        default=": ", description="What goes between a label and its value (：in Chinese)."
    )
    full_stop: str = Field(
        default=". ", description="What ends a sentence before the next one (。in Chinese)."
    )
    list_separator: str = Field(default="; ", description="Between items of a short list.")
    comma: str = Field(default=", ", description="Between two words of one item (，in Chinese).")
    brackets: tuple[str, str] = Field(
        default=(" (", ")"),
        description="Brackets around an aside, with the space before it (（…）in Chinese).",
    )
    phone_country: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="Default country of phone numbers."
    )

    def labelled(self, label: str, value: str) -> str:
        """ "label: value" with this language's separator (标签：值 in Chinese)."""
        return f"{label}{self.label_separator}{value}"

    def bracketed(self, text: str) -> str:
        """An aside in this language's brackets, with its leading space if any."""
        return f"{self.brackets[0]}{text}{self.brackets[1]}"

    def format_date(self, date: dt.date) -> str:
        """A date as people reading this language write it (e.g. 07/12/2026, 2026年12月7日)."""
        return self.date_format.format(
            d=date.day,
            dd=f"{date.day:02d}",
            m=date.month,
            mm=f"{date.month:02d}",
            month=ENGLISH_MONTHS[date.month - 1],
            Y=date.year,
        )


@cache
def load_languages() -> tuple[Language, ...]:
    """Every language, English first (the language the engine writes in)."""
    raw = read_yaml(knowledge_path("catalogue", "languages.yaml"))
    languages = tuple(Language.model_validate(entry) for entry in raw)
    codes = [language.code for language in languages]
    if len(set(codes)) != len(codes):
        raise ValueError("languages.yaml: a language code appears twice")
    if codes[0] != "en":
        raise ValueError("languages.yaml: English must come first (the engine's language)")
    return languages


def language_codes() -> tuple[str, ...]:
    return tuple(language.code for language in load_languages())


def get_language(code: str) -> Language:
    """The language of this code (case-insensitive, `zh_Hans` or `zh-hans`).

    Raises KeyError for a language RPL Care does not speak: callers check their input."""
    wanted = code.lower().replace("_", "-")
    for language in load_languages():
        if language.code == wanted:
            return language
    raise KeyError(f"unknown language {code!r}; known: {', '.join(language_codes())}")
