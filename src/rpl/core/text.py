"""Marking the engine's sentences for translation, without importing any web framework.

`gettext_noop` returns its argument unchanged. Its name is one that Django's `makemessages`
extracts, so every sentence the engine shows is in the web's translation catalogues, and the
web layer renders it in the reader's language with `translate`.

Engine texts are made only of whole, marked sentences, so that each can be translated as a
unit and word order is the translator's:
- a fixed sentence: `_("...")`;
- a sentence with numbers in it: a marked template with named placeholders, registered with
  `template` and filled with `fill` (`%(weeks)d`, or `%(day)02d` padded with zeros;
  whole numbers only);
- several sentences shown together: `sentences(a, b, ...)`, never `a + b`.
A text built any other way cannot be found in the catalogue and is shown in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# `%(day)02d` pads with zeros (dates written 2024-06-03); read back as the same number.
_PLACEHOLDER = re.compile(r"%\((\w+)\)(?:02)?d")
_TEMPLATES: dict[str, re.Pattern[str]] = {}


def gettext_noop(message: str) -> str:
    return message


def pgettext_noop(context: str, message: str) -> str:
    """Mark a message that needs a context (msgctxt); returns it unchanged. Import it as
    `pgettext_lazy`, the name under which makemessages extracts the context."""
    return message


def template(message: str) -> str:
    """Register a marked sentence with named whole-number placeholders; returns it unchanged."""
    names = _PLACEHOLDER.findall(message)
    if not names:
        raise ValueError(f"a template needs a %(name)d placeholder: {message!r}")
    pattern = "".join(
        # A literal per cent sign is written "%%" in the template and "%" once filled.
        re.escape(part.replace("%%", "%")) if index % 2 == 0 else rf"(?P<{part}>\d+)"
        for index, part in enumerate(_PLACEHOLDER.split(message))
    )
    _TEMPLATES[message] = re.compile(pattern)
    return message


def fill(message: str, **numbers: int) -> str:
    """A registered template with its placeholders filled."""
    if message not in _TEMPLATES:
        raise ValueError(f"not a registered template: {message!r}")
    return message % numbers


def sentences(*parts: str | None) -> str:
    """Whole sentences shown one after the other (empty parts are left out)."""
    return " ".join([part for part in parts if part])  # a list joins faster than a generator


def _one(segment: str, gettext: Callable[[str], str]) -> str | None:
    """One sentence (fixed or a filled template) in the catalogue's language, or None."""
    translated = gettext(segment)
    if translated != segment:
        return translated
    for message, pattern in _TEMPLATES.items():
        match = pattern.fullmatch(segment)
        if match is not None:
            translated = gettext(message)
            if translated == message:
                return None
            return translated % {name: int(value) for name, value in match.groupdict().items()}
    return None


def translate(text: str, gettext: Callable[[str], str], *, joiner: str = " ") -> str | None:
    """An engine text in the language `gettext` translates into; None if any part is missing.

    The text is split back into the sentences `sentences` joined: at every ". " where both
    sides are known sentences (a sentence may itself contain ". ", so every split is tried).
    `joiner` goes between translated sentences ("" for Chinese, which has no spaces).
    """
    if not text:
        return text
    whole = _one(text, gettext)
    if whole is not None:
        return whole
    pieces = re.split(r"(?<=\.) ", text)
    # best[i]: the translations of pieces[:i], or None when they cannot be translated.
    best: list[list[str] | None] = [[]] + [None] * len(pieces)
    for end in range(1, len(pieces) + 1):
        for start in range(end - 1, -1, -1):
            before = best[start]
            if before is None:
                continue
            translated = _one(" ".join(pieces[start:end]), gettext)
            if translated is not None:
                best[end] = [*before, translated]
                break
    done = best[-1]
    return joiner.join(done) if done is not None else None
