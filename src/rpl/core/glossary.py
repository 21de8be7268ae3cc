"""Each language's glossary: the words its hospitals and patients use, the calques we never write.

Read from `rpl/knowledge/catalogue/glossary/<language>.yaml` (docs/language/ is generated from
the same files). Three uses:

- `problems(language, text)`: every banned calque, competing term or English leftover in a
  text (the tests run it over every catalogue entry, education text and patient page);
- `synonym_groups(language)`: the words patients search with, grouped with the words our
  texts use, for the patient site's FAQ search;
- `markdown(language)`: the glossary as a page for translators and reviewers.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.knowledge import knowledge_path, read_yaml

Status = Literal["verified", "secondary", "unverified"]


class GlossarySource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    url: str | None = None
    what: str = Field(description="What it shows (which words it uses).")
    status: Status = Field(description="How far we read it: as for every source.")


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(description="The English term (or the English source's wording).")
    use: str = Field(description="What we write.")
    avoid: tuple[str, ...] = Field(
        default=(), description="Regular expressions never to write (calques, competing terms)."
    )
    patients_say: tuple[str, ...] = Field(
        default=(), description="Words patients search with: synonyms for the FAQ search."
    )
    sources: tuple[str, ...] = ()
    note: str | None = None
    sure: bool = Field(
        default=True, description="False: the best term we found, awaiting a native reviewer."
    )


class Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    reviewed: str = Field(description="Who reviewed it and when; what review it still needs.")
    terms: tuple[Term, ...]
    leftovers: tuple[str, ...] = Field(
        default=(), description="Regular expressions of English leftovers and wrong punctuation."
    )
    punctuation: tuple[str, ...] = Field(
        default=(),
        description="Regular expressions of punctuation the language does not write (ASCII"
        " colons, brackets, semicolons or full stops touching Chinese characters): checked in"
        " staff text too, where English words are fine.",
    )
    allowed: tuple[str, ...] = Field(
        default=(), description="Regular expressions that are fine although a leftover matches."
    )
    search: tuple[tuple[str, ...], ...] = Field(
        default=(), description="More groups of words patients use for one thing."
    )
    query_noise: tuple[str, ...] = Field(
        default=(), description="Question words a search query can drop (怎么办, nedir, là gì)."
    )
    sources: tuple[GlossarySource, ...] = ()
    unverified: tuple[str, ...] = Field(
        default=(), description="What we could not check, in plain words."
    )


# Leftovers in every translated language: code field names, rule lists, English labels.
COMMON_LEFTOVERS: tuple[str, ...] = (
    r"\b[a-z]+\.[a-z]+_[a-z_]+\b",  # a record field name such as woman.age_years
    r"\((?:ungraded|offer|unknown|strong|conditional)\)",
    r"\bRules?:",
    r"\d+\s*/\s*100\b",  # "75/100" for a percentage
)


def glossary_path(language: str) -> str:
    return str(knowledge_path("catalogue", "glossary", f"{language}.yaml"))


@cache
def load_glossary(language: str) -> Glossary | None:
    """The language's glossary, or None for a language without one (English)."""
    path = knowledge_path("catalogue", "glossary", f"{language}.yaml")
    if not path.exists():
        return None
    glossary = Glossary.model_validate(read_yaml(path))
    if glossary.language != language:
        raise ValueError(f"{path.name} says language {glossary.language!r}")
    return glossary


@cache
def _compiled(
    language: str,
) -> tuple[
    tuple[tuple[re.Pattern[str], Term], ...],
    tuple[re.Pattern[str], ...],
    tuple[re.Pattern[str], ...],
    tuple[re.Pattern[str], ...],
]:
    glossary = load_glossary(language)
    if glossary is None:
        return (), (), (), ()
    banned = tuple(
        (re.compile(pattern, re.IGNORECASE), term)
        for term in glossary.terms
        for pattern in term.avoid
    )
    leftovers = tuple(re.compile(p) for p in (*COMMON_LEFTOVERS, *glossary.leftovers))
    allowed = tuple(re.compile(p) for p in glossary.allowed)
    punctuation = tuple(re.compile(p) for p in glossary.punctuation)
    return banned, leftovers, allowed, punctuation


def _unspared(
    patterns: tuple[re.Pattern[str], ...], text: str, spared: list[tuple[int, int]], what: str
) -> list[str]:
    found: list[str] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(a <= start and end <= b for a, b in spared):
                continue
            found.append(f"{match.group(0)!r}: {what}")
    return found


def problems(language: str, text: str) -> list[str]:
    """Every glossary violation in `text`, each as one line naming the word and the fix."""
    banned, leftovers, allowed, punctuation = _compiled(language)
    found: list[str] = []
    for pattern, term in banned:
        for match in pattern.finditer(text):
            found.append(f"{match.group(0)!r}: write {term.use!r} ({term.en})")
    spared = [m.span() for pattern in allowed for m in pattern.finditer(text)]
    found += _unspared(leftovers, text, spared, "English leftover")
    found += _unspared(punctuation, text, spared, "wrong punctuation")
    return found


def punctuation_problems(language: str, text: str) -> list[str]:
    """Only the punctuation the language does not write (for staff text, which keeps source
    titles, codes and English names of tests as written)."""
    _banned, _leftovers, allowed, punctuation = _compiled(language)
    spared = [m.span() for pattern in allowed for m in pattern.finditer(text)]
    return _unspared(punctuation, text, spared, "wrong punctuation")


def synonym_groups(language: str) -> list[tuple[str, ...]]:
    """Groups of words that mean one thing to a patient: our word first, then theirs."""
    glossary = load_glossary(language)
    if glossary is None:
        return []
    groups = [(term.use, *term.patients_say) for term in glossary.terms if term.patients_say]
    return [*groups, *glossary.search]


def query_noise(language: str) -> tuple[str, ...]:
    """Question words the FAQ search drops from a query in this language."""
    glossary = load_glossary(language)
    return glossary.query_noise if glossary else ()


def markdown(language: str) -> str:
    """The glossary as a Markdown page (docs/language/<language>.md is this, generated)."""
    glossary = load_glossary(language)
    if glossary is None:
        raise ValueError(f"no glossary for {language!r}")
    lines = [
        f"# Glossary: {language}",
        "",
        "<!-- Generated from src/rpl/knowledge/catalogue/glossary/"
        f"{language}.yaml by rpl.core.glossary.markdown; edit the YAML, not this page. -->",
        "",
        f"Review: {glossary.reviewed}",
        "",
        "| English | We write | Never write | Patients also say | Sources | Note |",
        "|---|---|---|---|---|---|",
    ]
    for term in glossary.terms:
        avoid = ", ".join(f"`{a}`" for a in term.avoid)
        say = ", ".join(term.patients_say)
        note = (term.note or "") + ("" if term.sure else " **Not sure: needs a native reviewer.**")
        lines.append(
            f"| {term.en} | {term.use} | {avoid} | {say} | {', '.join(term.sources)} | "
            f"{note.strip()} |"
        )
    if glossary.search:
        lines += ["", "## More search synonyms", ""]
        lines += [f"- {' · '.join(group)}" for group in glossary.search]
    lines += ["", "## English leftovers the test refuses", ""]
    lines += [f"- `{p}`" for p in (*COMMON_LEFTOVERS, *glossary.leftovers)]
    if glossary.punctuation:
        lines += ["", "## Punctuation the test refuses (patient and staff text)", ""]
        lines += [f"- `{p}`" for p in glossary.punctuation]
    if glossary.allowed:
        lines += ["", "Allowed although they look like leftovers:", ""]
        lines += [f"- `{p}`" for p in glossary.allowed]
    lines += ["", "## Sources", ""]
    for source in glossary.sources:
        url = f" <{source.url}>" if source.url else ""
        lines.append(f"- **{source.id}** ({source.status}): {source.title}.{url} {source.what}")
    if glossary.unverified:
        lines += ["", "## Not verified", ""]
        lines += [f"- {item}" for item in glossary.unverified]
    return "\n".join(lines) + "\n"
