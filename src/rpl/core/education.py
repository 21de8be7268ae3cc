"""Patient education pages and FAQ, read from data files (`rpl/knowledge/education/`).

The files are the contract with the patient site (docs/education.md): one YAML file per page in
`pages/`, and `faq.yaml`. Every text field carries all four site languages. The loader refuses
what the site must never show: a claim without a known source, a language left out, a duplicate
slug or id, Markdown outside the small subset the site renders (raw HTML, links, images), a page
that does not say it does not diagnose and who to contact, and a translation with a figure the
English text does not have. The same checks are public so that staff edits can run them too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Final

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from rpl.core.evidence import load_recommendations
from rpl.core.knowledge import knowledge_path
from rpl.core.languages import language_codes
from rpl.core.sources import load_sources

DEFAULT_DIRECTORY: Final = knowledge_path("education")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]


class EducationError(ValueError):
    """Education content that the site must not show; the message lists every problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("education content refused:\n" + "\n".join(self.problems))


# --- Markdown subset -------------------------------------------------------------------------

_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]|&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_IMAGE = re.compile(r"!\[")
_LINK = re.compile(r"\[[^\]]*\]\s*[(\[]|https?://|www\.|mailto:", re.IGNORECASE)
_HEADING = re.compile(r"^#{2,3} \S")
_BULLET = re.compile(r"^- \S")
_NUMBERED = re.compile(r"^\d+\. \S")
_RULE_OR_UNDERLINE = re.compile(r"\s*([-*_=])(\s*\1){2,}\s*")


def markdown_problems(text: str, *, inline_only: bool = False) -> list[str]:
    """What in `text` lies outside the site's Markdown subset (empty when it is all allowed).

    Allowed: paragraphs, `## ` and `### ` headings, `- ` bullets, `1. ` numbered lists and
    `**bold**`. `inline_only` (titles, summaries, questions) allows only text and bold.
    """
    problems: list[str] = []
    if _HTML.search(text):
        problems.append("raw HTML (tags or entities) is not allowed")
    if _IMAGE.search(text):
        problems.append("images are not allowed")
    if _LINK.search(text):
        problems.append("links are not allowed (the site shows the sources itself)")
    if "`" in text:
        problems.append("code (backticks) is not allowed")
    for number, line in enumerate(text.splitlines(), start=1):
        problems.extend(f"line {number}: {p}" for p in _line_problems(line, inline_only))
    if inline_only and "\n" in text.strip():
        problems.append("must be a single line")
    return problems


def _line_problems(line: str, inline_only: bool) -> list[str]:
    if not line.strip():
        return []
    if line[0].isspace():
        return ["indented lines (code blocks, nested lists) are not allowed"]
    if _RULE_OR_UNDERLINE.fullmatch(line):
        return ["horizontal rules and underlined headings are not allowed"]
    problems: list[str] = []
    if line.startswith("#"):
        if inline_only or not _HEADING.match(line):
            problems.append("only '## ' and '### ' headings are allowed")
    elif line.startswith("-") or _NUMBERED.match(line):
        if inline_only:
            problems.append("lists are not allowed here")
        elif line.startswith("-") and not _BULLET.match(line):
            problems.append("a bullet is '- ' followed by text")
    elif line[0] in ">|~" or line.startswith(("* ", "+ ")):
        problems.append("only paragraphs, '## '/'### ' headings, '- ' and '1. ' lists are allowed")
    elif re.match(r"^\d+[.)](\s|$)", line) and not _NUMBERED.match(line):
        problems.append("a numbered item is '1. ' followed by text")
    if line.count("**") % 2:
        problems.append("unclosed **bold**")
    elif "*" in line.replace("**", ""):
        problems.append("only **bold** emphasis is allowed")
    elif not _bold_renders(line):
        problems.append(
            "a **bold** mark between punctuation and text would not render "
            "(write '**中国**：文', not '**中国：**文')"
        )
    return problems


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _bold_renders(line: str) -> bool:
    """CommonMark flanking rules for each `**` pair, which CJK punctuation easily breaks."""
    marks = [m.start() for m in re.finditer(r"\*\*", line)]
    for index, start in enumerate(marks):
        before = line[start - 1] if start > 0 else " "
        after = line[start + 2] if start + 2 < len(line) else " "
        opening = index % 2 == 0
        inner, outer = (after, before) if opening else (before, after)
        if inner.isspace():
            return False
        if _is_punctuation(inner) and not (outer.isspace() or _is_punctuation(outer)):
            return False
    return True


# --- Figures -----------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def numbers_in(text: str) -> set[str]:
    """The figures written in digits in `text`; a decimal comma reads as a decimal point."""
    return {match.replace(",", ".") for match in _NUMBER.findall(text)}


# --- Models ------------------------------------------------------------------------------------


class Translated(RootModel[dict[str, Text]]):
    """One text in every language of `rpl/knowledge/catalogue/languages.yaml`, keyed by its
    code (`en`, `vi`, `zh-hans`, `tr`): adding a language adds a key to every text."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _every_language_once(self) -> Translated:
        wanted = language_codes()
        missing = [code for code in wanted if code not in self.root]
        unknown = sorted(set(self.root) - set(wanted))
        if missing or unknown:
            parts = [f"missing {', '.join(missing)}"] if missing else []
            parts += [f"unknown language {', '.join(unknown)}"] if unknown else []
            raise ValueError("; ".join(parts) + f" (languages: {', '.join(wanted)})")
        return self

    def get(self, language: str) -> str:
        """The text in `language` (a code of languages.yaml)."""
        return self.root[language]

    @property
    def en(self) -> str:
        return self.root["en"]

    def items(self) -> list[tuple[str, str]]:
        return [(language, self.root[language]) for language in language_codes()]

    @model_validator(mode="after")
    def _translations_add_no_figures(self) -> Translated:
        english = numbers_in(self.en)
        for language, text in self.items()[1:]:
            extra = sorted(numbers_in(text) - english)
            if extra:
                raise ValueError(
                    f"{language} has figures the English text does not: {', '.join(extra)}"
                )
        return self


def _check_markdown(value: Translated, *, inline_only: bool) -> Translated:
    problems = [
        f"{language}: {problem}"
        for language, text in value.items()
        for problem in markdown_problems(text, inline_only=inline_only)
    ]
    if problems:
        raise ValueError("; ".join(problems))
    return value


class _Cited(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[str] = Field(min_length=1, description="Ids in rpl/knowledge/sources.yaml.")
    recommendations: list[str] = Field(
        default_factory=list,
        description="Ids in rpl/knowledge/evidence/recommendations.yaml behind the claims.",
    )


class EducationPage(_Cited):
    """One patient education page."""

    slug: Slug
    order: int = Field(ge=1)
    last_reviewed: date
    review_note: Text
    title: Translated
    summary: Translated
    body: Translated

    @field_validator("title", "summary")
    @classmethod
    def _plain_text(cls, value: Translated) -> Translated:
        return _check_markdown(value, inline_only=True)

    @field_validator("body")
    @classmethod
    def _body_markdown_and_fixed_statements(cls, value: Translated) -> Translated:
        problems = [
            f"{language} body must contain {fixed.get(language)!r}"
            for language, text in value.items()
            for fixed in fixed_statements()
            if fixed.get(language) not in text
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return _check_markdown(value, inline_only=False)


@cache
def fixed_statements() -> tuple[Translated, Translated]:
    """What every page body says word for word: it does not diagnose; contact the clinic
    (`rpl/knowledge/education/fixed.yaml`)."""
    raw = yaml.safe_load(knowledge_path("education", "fixed.yaml").read_text(encoding="utf-8"))
    return (
        Translated.model_validate(raw["not_a_diagnosis"]),
        Translated.model_validate(raw["contact_the_clinic"]),
    )


class FaqEntry(_Cited):
    """One question and its answer."""

    id: Slug
    page: Slug | None = Field(default=None, description="Slug of the related page.")
    question: Translated
    answer: Translated

    @field_validator("question")
    @classmethod
    def _plain_question(cls, value: Translated) -> Translated:
        return _check_markdown(value, inline_only=True)

    @field_validator("answer")
    @classmethod
    def _answer_markdown(cls, value: Translated) -> Translated:
        return _check_markdown(value, inline_only=False)


# --- Loading -----------------------------------------------------------------------------------


def citation_problems(item: _Cited) -> list[str]:
    """Unknown source or recommendation ids, and recommendations whose source is not listed."""
    sources = load_sources()
    recommendations = load_recommendations()
    problems = [f"unknown source id {s!r}" for s in item.sources if s not in sources]
    for rec_id in item.recommendations:
        recommendation = recommendations.get(rec_id)
        if recommendation is None:
            problems.append(f"unknown recommendation id {rec_id!r}")
        elif recommendation.source not in item.sources:
            problems.append(
                f"recommendation {rec_id} cites source {recommendation.source}, "
                "which is missing from sources"
            )
    for field in ("sources", "recommendations"):
        ids: list[str] = getattr(item, field)
        problems.extend(
            f"{field}: {i!r} listed twice" for i in sorted(set(ids)) if ids.count(i) > 1
        )
    return problems


def _validation_problems(where: str, error: ValidationError) -> list[str]:
    return [
        f"{where}: {'.'.join(str(part) for part in e['loc']) or '(file)'}: {e['msg']}"
        for e in error.errors()
    ]


def _read_yaml(path: Path, problems: list[str]) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.append(f"{path.name}: cannot be read as UTF-8 YAML ({type(error).__name__})")
        return None


@cache
def _pages(directory: Path) -> tuple[EducationPage, ...]:
    problems: list[str] = []
    pages: list[EducationPage] = []
    files = sorted((directory / "pages").glob("*.yaml"))
    if not files:
        problems.append(f"no page files in {directory / 'pages'}")
    for path in files:
        where = f"pages/{path.name}"
        raw = _read_yaml(path, problems)
        if raw is None:
            continue
        try:
            page = EducationPage.model_validate(raw)
        except ValidationError as error:
            problems.extend(_validation_problems(where, error))
            continue
        if page.slug != path.stem:
            problems.append(f"{where}: slug {page.slug!r} differs from the file name")
        problems.extend(f"{where}: {p}" for p in citation_problems(page))
        pages.append(page)
    problems.extend(_duplicates("slug", [p.slug for p in pages]))
    problems.extend(_duplicates("order", [str(p.order) for p in pages]))
    if problems:
        raise EducationError(problems)
    return tuple(sorted(pages, key=lambda page: page.order))


@cache
def _faq(directory: Path) -> tuple[FaqEntry, ...]:
    problems: list[str] = []
    raw = _read_yaml(directory / "faq.yaml", problems)
    if raw is not None and not isinstance(raw, list):
        problems.append("faq.yaml: must be a list of entries")
        raw = None
    slugs = {page.slug for page in _pages(directory)}
    entries: list[FaqEntry] = []
    for number, item in enumerate(raw or [], start=1):
        where = f"faq.yaml entry {number}"
        try:
            entry = FaqEntry.model_validate(item)
        except ValidationError as error:
            problems.extend(_validation_problems(where, error))
            continue
        where = f"faq.yaml {entry.id}"
        if entry.page is not None and entry.page not in slugs:
            problems.append(f"{where}: page {entry.page!r} does not exist")
        problems.extend(f"{where}: {p}" for p in citation_problems(entry))
        entries.append(entry)
    problems.extend(_duplicates("FAQ id", [e.id for e in entries]))
    if problems:
        raise EducationError(problems)
    return tuple(entries)


def _duplicates(what: str, values: list[str]) -> list[str]:
    return [f"duplicate {what} {v!r}" for v in sorted(set(values)) if values.count(v) > 1]


def load_pages(directory: Path | None = None) -> list[EducationPage]:
    """Every page, sorted by `order`; raises EducationError listing every problem found."""
    return list(_pages((directory or DEFAULT_DIRECTORY).resolve()))


def load_faq(directory: Path | None = None) -> list[FaqEntry]:
    """Every FAQ entry in file order; its `page` must be a page in the same directory."""
    return list(_faq((directory or DEFAULT_DIRECTORY).resolve()))
