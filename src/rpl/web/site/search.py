"""FAQ search that forgives how people type: pure functions, no Django.

`fold` makes the forms a person might type meet the forms in the text:
- Vietnamese with or without diacritics: "sảy", "sẩy" and "say" all fold to "say", and
  "đ" to "d" (đ is a letter of its own, not d plus a mark, so it is mapped by hand);
- Turkish dotted and dotless i: "İ", "I", "i" and "ı" all fold to "i", so "İlaç", "ILAÇ" and
  "ilac" meet (the cedilla and other marks go too: "ç" → "c", "ş" → "s", "ğ" → "g");
- Simplified Chinese is left as it is and matched as a substring (no word spaces);
- full-width forms and compatibility characters are unified (NFKC), case is folded and runs of
  white space become one space.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

_BY_HAND = str.maketrans({"İ": "i", "I": "i", "ı": "i", "đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """`text` reduced to a form for matching: no diacritics, one i, lower case, one space."""
    text = unicodedata.normalize("NFKC", text).translate(_BY_HAND).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", bare).split())


def terms(query: str) -> list[str]:
    """The folded words of a query; every one must be found. Chinese runs stay whole."""
    return [term for term in fold(query).split(" ") if term]


def matches(query_terms: Sequence[str], texts: Iterable[str]) -> bool:
    """True when every term occurs, as a substring, in the folded texts taken together."""
    haystack = " ".join(fold(text) for text in texts)
    return all(term in haystack for term in query_terms)


def search[T](query: str, entries: Sequence[tuple[T, str, str]]) -> list[T]:
    """The items whose question or answer holds every term of `query`, in the reader's language.

    `entries` are (item, question, answer). Matches in the question come first; otherwise the
    given order is kept. An empty query returns every item.
    """
    query_terms = terms(query)
    if not query_terms:
        return [item for item, _question, _answer in entries]
    in_question = [item for item, question, _a in entries if matches(query_terms, [question])]
    in_answer = [
        item
        for item, question, answer in entries
        if item not in in_question and matches(query_terms, [question, answer])
    ]
    return in_question + in_answer
