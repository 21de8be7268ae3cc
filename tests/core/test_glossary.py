"""Each language's glossary (rpl/knowledge/catalogue/glossary/) holds in every text we translate:
no banned calque, no competing term, no English leftover, in any catalogue entry (both gettext
domains) or education text. The patient views and pages are checked in tests/present and
tests/browser; the FAQ search's synonyms in tests/web/site/test_search_folding.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rpl.core.education import fixed_statements, load_faq, load_pages
from rpl.core.glossary import load_glossary, markdown, problems, synonym_groups
from rpl.core.knowledge import knowledge_path
from rpl.core.languages import load_languages

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [language for language in load_languages() if language.code != "en"]


def po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every translated entry of a .po file (each plural form counts)."""
    entries: list[tuple[str, str]] = []
    entry: dict[str, str] = {}
    field = ""

    def flush() -> None:
        if entry.get("msgid"):
            for key, value in entry.items():
                if key.startswith("msgstr") and value:
                    entries.append((entry["msgid"], value))

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#"):
            continue
        if not line.strip():  # entries are separated by blank lines
            flush()
            entry = {}
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, rest = line.partition(" ")
            entry[field] = ast.literal_eval(rest)
    return entries


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.code)
def test_every_translated_language_has_a_glossary_with_sources(language):
    glossary = load_glossary(language.code)
    assert glossary is not None, f"add rpl/knowledge/catalogue/glossary/{language.code}.yaml"
    known = {source.id for source in glossary.sources}
    for term in glossary.terms:
        assert set(term.sources) <= known, f"{term.en}: unknown sources {set(term.sources) - known}"
    assert any(term.avoid for term in glossary.terms)
    assert synonym_groups(language.code)


@pytest.mark.parametrize("domain", ["django", "catalogue"])
@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.code)
def test_no_catalogue_entry_breaks_the_glossary(language, domain):
    po = knowledge_path("locale", language.gettext, "LC_MESSAGES", f"{domain}.po")
    entries = po_entries(po)
    assert len(entries) > 100
    found = [
        f"{msgid[:60]!r} -> {problem}"
        for msgid, msgstr in entries
        for problem in problems(language.code, msgstr)
    ]
    assert not found, f"{language.code} {domain}: {len(found)} problems:\n" + "\n".join(found)


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.code)
def test_no_education_text_breaks_the_glossary(language):
    texts: list[tuple[str, str]] = []
    for page in load_pages():
        for part in ("title", "summary", "body"):
            texts.append((f"{page.slug}.{part}", getattr(page, part).get(language.code)))
    for entry in load_faq():
        for part in ("question", "answer"):
            texts.append((f"faq {entry.id}.{part}", getattr(entry, part).get(language.code)))
    for index, fixed in enumerate(fixed_statements()):
        texts.append((f"fixed {index}", fixed.get(language.code)))
    found = [f"{where}: {p}" for where, text in texts for p in problems(language.code, text)]
    assert not found, f"{language.code}: {len(found)} problems:\n" + "\n".join(found)


def test_the_glossary_finds_a_calque_a_field_name_and_ascii_punctuation():
    assert problems("zh-hans", "复发性妊娠丢失") != []
    assert problems("zh-hans", "请今天就诊。") == []
    assert problems("zh-hans", "年龄 (woman.age_years)") != []
    assert problems("zh-hans", "建议做. ;") != []
    assert problems("zh-hans", "约75/100") != []
    assert problems("vi", "đến đơn vị thai sớm") != []
    assert problems("tr", "erken gebelik birimine başvurun") != []
    assert problems("tr", "Kurallar: TR02") == [] and problems("tr", "Rules: TR02") != []


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.code)
def test_the_glossary_page_in_the_docs_is_generated_from_the_glossary(language):
    page = ROOT / "docs" / "language" / f"{language.code}.md"
    assert page.exists() and page.read_text() == markdown(language.code), (
        f"regenerate: .venv/bin/python -c 'from rpl.core.glossary import markdown;"
        f' print(markdown("{language.code}"), end="")\' > docs/language/{language.code}.md'
    )


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.code)
def test_the_alcohol_question_in_each_language_keeps_the_glossary_and_cites_its_figures(language):
    from rpl.core.alcohol import drink_for, load_alcohol
    from rpl.core.sources import load_sources

    drink = drink_for(language.code)
    assert drink is not load_alcohol().languages["en"], f"{language.code}: add it to alcohol.yaml"
    assert problems(language.code, drink.help) == []
    assert drink.source in load_sources() and drink.evidence in ("verified", "secondary")
    if drink.grams is not None:  # the drink's grams are said in the question
        assert f"{drink.grams:g}" in drink.help
