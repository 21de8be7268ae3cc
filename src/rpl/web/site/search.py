"""FAQ search that forgives how people type: pure functions, no Django.

`fold` makes the forms a person might type meet the forms in the text:
- Vietnamese with or without diacritics: "sảy", "sẩy" and "say" all fold to "say", and
  "đ" to "d" (đ is a letter of its own, not d plus a mark, so it is mapped by hand);
- Turkish dotted and dotless i: "İ", "I", "i" and "ı" all fold to "i", so "İlaç", "ILAÇ" and
  "ilac" meet (the cedilla and other marks go too: "ç" → "c", "ş" → "s", "ğ" → "g");
- Simplified Chinese is left as it is and matched as a substring (no word spaces);
- full-width forms and compatibility characters are unified (NFKC), case is folded and runs of
  white space become one space.

`search` also finds patients' own words: each language's glossary
(rpl/knowledge/catalogue/glossary/) groups the words patients type (反复流产, 习惯性流产, 保胎,
胎停, thai lưu, dọa sảy, hamile, düşük...) with the words our texts use, and a phrase of a group
in the query matches any phrase of that group in the text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

from rpl.core.glossary import query_noise, synonym_groups

_BY_HAND = str.maketrans({"İ": "i", "I": "i", "ı": "i", "đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """`text` reduced to a form for matching: no diacritics, one i, lower case, one space."""
    text = unicodedata.normalize("NFKC", text).translate(_BY_HAND).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", bare).split())


# A term is one word or phrase of the query, with the forms any of which may match it.
Term = tuple[str, ...]


@cache
def _synonyms(language: str | None) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """The language's synonym groups, folded, and the question words its queries can drop."""
    if language is None:
        return (), ()
    groups = tuple(
        tuple(dict.fromkeys(fold(p) for p in group if fold(p)))
        for group in synonym_groups(language)
    )
    ignored = tuple(sorted({fold(word) for word in query_noise(language)}, key=len, reverse=True))
    return groups, ignored


def terms(query: str, language: str | None = None) -> list[Term]:
    """The query's terms; every one must be found. A phrase of a synonym group becomes one term
    that any phrase of its groups matches (longest phrases first); question words ("怎么办",
    "nedir") are dropped; the other words are terms of their own (Chinese runs stay whole)."""
    text = fold(query)
    groups, ignored = _synonyms(language)
    found: list[Term] = []
    phrases = sorted({p for group in groups for p in group}, key=len, reverse=True)
    for phrase in phrases:
        if phrase in text:
            alternatives = {form for group in groups if phrase in group for form in group}
            found.append(tuple(sorted(alternatives)))
            text = text.replace(phrase, " ")
    words = [word for word in text.split(" ") if word]
    if found or len(words) > 1:  # a query of question words alone is kept as typed
        for noise in ignored:
            words = [w for w in (w.replace(noise, "") if len(noise) > 1 else w for w in words) if w]
            words = [w for w in words if w != noise]
    return found + [(word,) for word in words]


def matches(query_terms: Sequence[Term | str], texts: Iterable[str]) -> bool:
    """True when every term occurs (one of its forms, as a substring) in the folded texts."""
    haystack = " ".join(fold(text) for text in texts)
    return all(
        any(form in haystack for form in ((term,) if isinstance(term, str) else term))
        for term in query_terms
    )


def search[T](
    query: str, entries: Sequence[tuple[T, str, str]], language: str | None = None
) -> list[T]:
    """The items whose question or answer holds every term of `query`, in the reader's language.

    `entries` are (item, question, answer). Matches in the question come first; otherwise the
    given order is kept. An empty query returns every item. With `language`, the words patients
    use (its glossary's synonym groups) find the words the texts use.
    """
    query_terms = terms(query, language)
    if not query_terms:
        return [item for item, _question, _answer in entries]
    in_question = [item for item, question, _a in entries if matches(query_terms, [question])]
    in_answer = [
        item
        for item, question, answer in entries
        if item not in in_question and matches(query_terms, [question, answer])
    ]
    return in_question + in_answer
