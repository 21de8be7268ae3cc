"""Patient education content: every language, known citations, safe Markdown, fixed statements."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from rpl.core.education import (
    DEFAULT_DIRECTORY,
    EducationError,
    Translated,
    fixed_statements,
    load_faq,
    load_pages,
    markdown_problems,
    numbers_in,
)
from rpl.core.evidence import load_recommendations
from rpl.core.knowledge import knowledge_path
from rpl.core.languages import language_codes

LANGUAGES = language_codes()
NOT_A_DIAGNOSIS, CONTACT_THE_CLINIC = fixed_statements()

PAGES = load_pages()
FAQ = load_faq()


def translated_fields() -> list[tuple[str, Translated]]:
    fields = []
    for page in PAGES:
        fields += [(f"{page.slug}.{name}", getattr(page, name)) for name in ("title", "summary")]
        fields.append((f"{page.slug}.body", page.body))
    for entry in FAQ:
        fields += [
            (f"faq {entry.id}.question", entry.question),
            (f"faq {entry.id}.answer", entry.answer),
        ]
    return fields


FIELDS = translated_fields()


# --- a copy of the shipped content to break on purpose --------------------------------------


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(DEFAULT_DIRECTORY, tmp_path / "education")
    return tmp_path / "education"


def read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_page(content: Path, slug: str, change: Any) -> None:
    path = content / "pages" / f"{slug}.yaml"
    data = read(path)
    change(data)
    write(path, data)


def edit_first_faq(content: Path, change: Any) -> None:
    data = read(content / "faq.yaml")
    change(data[0])
    write(content / "faq.yaml", data)


def refusal(load: Any, content: Path) -> str:
    with pytest.raises(EducationError) as raised:
        load(content)
    return str(raised.value)


FIRST = PAGES[0].slug


# --- the shipped content ------------------------------------------------------------------------


def test_the_site_languages_are_english_vietnamese_simplified_chinese_and_turkish():
    assert LANGUAGES == ("en", "vi", "zh-hans", "tr")


def test_a_text_missing_a_language_or_carrying_an_unknown_one_is_refused():
    with pytest.raises(ValueError, match="missing tr"):
        Translated.model_validate({"en": "a", "vi": "b", "zh-hans": "c"})
    with pytest.raises(ValueError, match="unknown language xx"):
        Translated.model_validate({"en": "a", "vi": "b", "zh-hans": "c", "tr": "d", "xx": "e"})


@pytest.mark.parametrize(("where", "field"), FIELDS, ids=[where for where, _ in FIELDS])
def test_every_page_and_faq_field_has_non_empty_text_in_every_language(where, field):
    for language in LANGUAGES:
        assert field.get(language).strip(), f"{where} [{language}]"


def test_pages_come_sorted_by_their_menu_order_with_unique_slugs():
    assert [page.order for page in PAGES] == sorted(page.order for page in PAGES)
    assert len({page.slug for page in PAGES}) == len(PAGES)


def test_every_faq_entry_points_to_an_existing_page_and_ids_are_unique():
    slugs = {page.slug for page in PAGES}
    assert all(entry.page in slugs for entry in FAQ if entry.page is not None)
    assert len({entry.id for entry in FAQ}) == len(FAQ)


def test_every_page_and_faq_entry_cites_at_least_one_source():
    assert all(item.sources for item in [*PAGES, *FAQ])


def test_every_recommendation_a_page_cites_has_its_source_listed_on_the_page():
    recommendations = load_recommendations()
    for item in [*PAGES, *FAQ]:
        for rec_id in item.recommendations:
            assert recommendations[rec_id].source in item.sources, (item, rec_id)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.slug)
def test_every_page_body_says_it_does_not_diagnose_and_to_contact_the_clinic_in_every_language(
    page,
):
    assert "does not diagnose" in page.body.en
    for language in LANGUAGES:
        assert NOT_A_DIAGNOSIS.get(language) in page.body.get(language)
        assert CONTACT_THE_CLINIC.get(language) in page.body.get(language)


@pytest.mark.parametrize(("where", "field"), FIELDS, ids=[where for where, _ in FIELDS])
def test_every_number_in_a_translation_appears_in_the_english_text_too(where, field):
    english = numbers_in(field.en)
    for language in LANGUAGES[1:]:
        assert numbers_in(field.get(language)) <= english, f"{where} [{language}]"


@pytest.mark.parametrize(("where", "field"), FIELDS, ids=[where for where, _ in FIELDS])
def test_shipped_texts_stay_inside_the_markdown_subset(where, field):
    for language, text in field.items():
        assert markdown_problems(text) == [], f"{where} [{language}]"


def test_every_bold_mark_renders_in_the_commonmark_renderer_the_site_uses():
    # The site renders with markdown-it (CommonMark, HTML off); a '**' left in the output means
    # the bold did not render, which happens easily next to Chinese punctuation.
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("zero", {"html": False}).enable(["heading", "list", "emphasis"])
    unrendered = [
        f"{where} [{language}]"
        for where, field in FIELDS
        for language, text in field.items()
        if "*" in markdown.render(text)
    ]
    assert unrendered == []


# Traditional forms of characters that the pages use often; none may appear in zh-hans.
TRADITIONAL = "們這醫診產發與為個時後會檢驗療體過對關說見應無經還據擔從顯導變參種類營衛處題麼"


def test_chinese_text_is_written_in_simplified_characters():
    for where, field in FIELDS:
        used = set(field.get("zh-hans")) & set(TRADITIONAL)
        assert not used, f"{where}: {''.join(sorted(used))}"


def test_vietnamese_and_turkish_texts_carry_their_diacritics():
    for where, field in FIELDS:
        if len(field.en) < 40:  # short titles may be all-ASCII by chance
            continue
        assert re.search(
            r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", field.get("vi")
        ), where
        assert re.search(r"[ıİşŞğĞçÇöÖüÜ]", field.get("tr")), where


def test_the_faq_answers_the_questions_patients_ask_most():
    ids = {entry.id for entry in FAQ}
    assert {
        "is-it-my-fault",
        "does-stress-cause-miscarriage",
        "do-tests-always-find-a-cause",
        "chance-of-a-baby-next-time",
    } <= ids
    assert 18 <= len(FAQ) <= 25


def calculator_number(calculator: str, key: str) -> float:
    data = yaml.safe_load(knowledge_path("calculators", f"{calculator}.yaml").read_text())
    return float(data["numbers"][key]["value"])


def page_or_entry(name: str) -> Any:
    return next(
        item
        for item in [*PAGES, *FAQ]
        if getattr(item, "slug", None) == name or getattr(item, "id", None) == name
    )


# Every statistic the content quotes, and where the knowledge base holds it. Magnus: the
# abstract rounds 9.8% to 10% and 53.6% to 53% (see the calculator notes), and so does the page.
BRIGHAM = "prognosis-brigham-1999"
MAGNUS = "miscarriage-risk-magnus-2019"
STATISTICS = [
    (
        "chance-of-a-baby-next-time",
        "about 75 in 100",
        calculator_number(BRIGHAM, "cohort_success_percent"),
    ),
    (
        "chance-of-a-baby-next-time",
        "about 84 in 100 at age 30 after 2",
        calculator_number(BRIGHAM, "success_age_30_after_2"),
    ),
    (
        "chance-of-a-baby-next-time",
        "about 64 in 100 at age 40 after 3",
        calculator_number(BRIGHAM, "success_age_40_after_3"),
    ),
    ("risk-factors", "about 32 in 100 at 40 to 44", calculator_number(MAGNUS, "risk_age_40_44")),
    (
        "risk-factors",
        "about 10 in 100 pregnancies of women aged 25 to 29",
        round(calculator_number(MAGNUS, "risk_age_25_29")),
    ),
    (
        "risk-factors",
        "about 53 in 100 at 45 or older",
        int(calculator_number(MAGNUS, "risk_age_45_plus")),
    ),
]


@pytest.mark.parametrize(("name", "phrase", "value"), STATISTICS)
def test_every_quoted_statistic_is_the_knowledge_base_figure(name, phrase, value):
    english = page_or_entry(name)
    text = english.body.en if hasattr(english, "body") else english.answer.en
    assert phrase in text
    assert f"{value:g} in 100" in phrase


@pytest.mark.parametrize(
    ("name", "phrase", "recommendation", "figures"),
    [
        (
            "next-pregnancy",
            "about 72 in 100 had a baby with progesterone",
            "PRISM-02",
            "72% vs 57%",
        ),
        ("next-pregnancy", "about 57 in 100 with a dummy treatment", "PRISM-02", "72% vs 57%"),
        ("treatments", "about 3 more births per 100 women", "PROMISE-01", "about 3% more"),
        (
            "what-is-recurrent-miscarriage",
            "fewer than 5 in 100 women have 2 miscarriages in a row",
            "ASRM-DEF-04",
            "fewer than 5%",
        ),
        (
            "what-is-recurrent-miscarriage",
            "about 1 in 100 have 3 or more",
            "ASRM-DEF-04",
            "about 1% three or more",
        ),
    ],
)
def test_trial_and_frequency_figures_match_the_cited_recommendation(
    name, phrase, recommendation, figures
):
    item = page_or_entry(name)
    assert phrase in item.body.en
    assert recommendation in item.recommendations
    assert figures in load_recommendations()[recommendation].statement


# Hedged sentences ("as far as we know") say no more than the entry they cite: the age at
# which the risk rises (ESHRE: quickly after 40, not "steeply after" 35), thyroid checks for
# women with TPO antibodies (during pregnancy; checks before it are not in the entry), what a
# clinic offers for psychological support (ESHRE-ORG-02), and no sentence credits a guideline
# with a statement no entry holds (that couples are not to be blamed).
STATED = [
    ("risk-factors", "rises quickly after 40", "ESHRE-LIFE-01", "rises quickly after 40"),
    ("does-age-matter", "rises quickly after 40", "ESHRE-LIFE-01", "rises quickly after 40"),
    ("tests", "checked during pregnancy", "ESHRE-INV-END-03", "until mid-pregnancy"),
    ("emotional-support", "matched to the couple's needs", "ESHRE-ORG-02", "matched to the couple"),
]
SAID_MORE = [
    ("risk-factors", "rises steeply"),
    ("does-age-matter", "rises after that"),
    ("tests", "before and during pregnancy"),
    ("emotional-support", "recognise the emotional burden"),
    ("emotional-support", "to blame"),
    ("is-it-my-fault", "couples are to blame"),
]


def _english(item: Any) -> str:
    return item.body.en if hasattr(item, "body") else item.answer.en


@pytest.mark.parametrize(("name", "phrase", "recommendation", "stated"), STATED)
def test_a_hedged_sentence_says_what_its_cited_entry_states(name, phrase, recommendation, stated):
    item = page_or_entry(name)
    assert phrase in _english(item)
    assert recommendation in item.recommendations
    assert stated in load_recommendations()[recommendation].statement


@pytest.mark.parametrize(("name", "phrase"), SAID_MORE)
def test_no_sentence_says_more_than_its_entries(name, phrase):
    assert phrase not in _english(page_or_entry(name))


# --- what the loader refuses ----------------------------------------------------------------


def test_a_page_citing_an_unknown_source_is_refused(content):
    edit_page(content, FIRST, lambda page: page["sources"].append("NO-SUCH-SOURCE"))
    message = refusal(load_pages, content)
    assert f"pages/{FIRST}.yaml" in message
    assert "unknown source id 'NO-SUCH-SOURCE'" in message


def test_a_page_citing_an_unknown_recommendation_is_refused(content):
    edit_page(content, FIRST, lambda page: page["recommendations"].append("ESHRE-NOPE-99"))
    assert "unknown recommendation id 'ESHRE-NOPE-99'" in refusal(load_pages, content)


def test_an_faq_entry_citing_an_unknown_recommendation_is_refused(content):
    edit_first_faq(content, lambda entry: entry["recommendations"].append("RCOG-NOPE-01"))
    assert "unknown recommendation id 'RCOG-NOPE-01'" in refusal(load_faq, content)


def test_a_recommendation_whose_source_the_page_does_not_list_is_refused(content):
    def cite_rcog_without_its_source(page: dict[str, Any]) -> None:
        page["sources"] = [s for s in page["sources"] if s != "RCOG-GTG17-2023"]
        page["recommendations"].append("RCOG-DEF-01")

    edit_page(content, FIRST, cite_rcog_without_its_source)
    assert "RCOG-DEF-01 cites source RCOG-GTG17-2023" in refusal(load_pages, content)


def test_a_page_without_sources_is_refused(content):
    edit_page(content, FIRST, lambda page: page.update(sources=[]))
    assert "sources" in refusal(load_pages, content)


def test_two_pages_with_the_same_slug_are_refused(content):
    shutil.copy(content / "pages" / f"{FIRST}.yaml", content / "pages" / "copy.yaml")
    edit_page(content, "copy", lambda page: page.update(order=99))
    assert f"duplicate slug '{FIRST}'" in refusal(load_pages, content)


def test_two_faq_entries_with_the_same_id_are_refused(content):
    data = read(content / "faq.yaml")
    write(content / "faq.yaml", [*data, data[0]])
    assert f"duplicate FAQ id '{data[0]['id']}'" in refusal(load_faq, content)


def test_an_faq_entry_pointing_to_a_page_that_does_not_exist_is_refused(content):
    edit_first_faq(content, lambda entry: entry.update(page="no-such-page"))
    assert "page 'no-such-page' does not exist" in refusal(load_faq, content)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_missing_a_language_is_refused(content, language):
    edit_page(content, FIRST, lambda page: page["summary"].pop(language))
    message = refusal(load_pages, content)
    assert f"summary: Value error, missing {language}" in message


def test_an_empty_translation_is_refused(content):
    edit_first_faq(content, lambda entry: entry["answer"].update(tr="   "))
    assert "answer.tr" in refusal(load_faq, content)


def test_a_language_the_site_does_not_have_is_refused(content):
    edit_page(content, FIRST, lambda page: page["title"].update(fr="Qu'est-ce que c'est ?"))
    assert "title: Value error, unknown language fr" in refusal(load_pages, content)


@pytest.mark.parametrize(
    ("snippet", "problem"),
    [
        ('<a href="x">here</a>', "raw HTML"),
        ("<script>alert(1)</script>", "raw HTML"),
        ("line<br>break", "raw HTML"),
        ("&nbsp;", "raw HTML"),
        ("See [ESHRE](https://www.eshre.eu).", "links are not allowed"),
        ("See https://www.eshre.eu for more.", "links are not allowed"),
        ("![scan](scan.png)", "images are not allowed"),
        ("`code`", "code"),
        ("# Top heading", "headings"),
        ("#### Deep heading", "headings"),
        ("> quoted", "only paragraphs"),
        ("| a | b |", "only paragraphs"),
        ("* star bullet", "only paragraphs"),
        ("    indented code", "indented"),
        ("1) item", "numbered item"),
        ("an *italic* word", "only **bold**"),
        ("an **unclosed bold", "unclosed"),
        ("**中国：**文字", "would not render"),
    ],
)
def test_markdown_outside_the_subset_is_refused(content, snippet, problem):
    edit_page(
        content, FIRST, lambda page: page["body"].update(vi=page["body"]["vi"] + "\n\n" + snippet)
    )
    message = refusal(load_pages, content)
    assert "body" in message
    assert problem in message


def test_the_markdown_subset_allows_headings_lists_numbered_steps_and_bold():
    text = "Intro with **bold**.\n\n## Heading\n\n### Sub\n\n- one\n- two\n\n1. first\n2. second"
    assert markdown_problems(text) == []


def test_a_title_with_a_list_or_a_second_line_is_refused(content):
    edit_page(content, FIRST, lambda page: page["title"].update(en="- a list\nsecond line"))
    message = refusal(load_pages, content)
    assert "lists are not allowed here" in message
    assert "single line" in message


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_without_the_does_not_diagnose_statement_is_refused(content, language):
    edit_page(
        content,
        FIRST,
        lambda page: page["body"].update(
            {language: page["body"][language].replace(NOT_A_DIAGNOSIS.get(language), "Read on.")}
        ),
    )
    assert f"{language} body must contain" in refusal(load_pages, content)


def test_a_page_that_does_not_name_the_clinic_to_contact_is_refused(content):
    edit_page(
        content,
        FIRST,
        lambda page: page["body"].update(
            en=page["body"]["en"].replace(CONTACT_THE_CLINIC.get("en"), "Read on.")
        ),
    )
    assert "en body must contain" in refusal(load_pages, content)


def test_a_translation_with_a_figure_the_english_text_lacks_is_refused(content):
    edit_page(
        content, FIRST, lambda page: page["summary"].update(vi=page["summary"]["vi"] + " 37%")
    )
    message = refusal(load_pages, content)
    assert "vi has figures the English text does not: 37" in message


def test_a_decimal_comma_counts_as_the_same_figure_as_a_decimal_point():
    assert numbers_in("%1,9 ve 0,7") == numbers_in("1.9% and 0.7") == {"1.9", "0.7"}


def test_every_problem_is_listed_at_once_with_the_file_it_is_in(content):
    edit_page(content, FIRST, lambda page: page["sources"].append("NOPE-A"))
    edit_page(content, PAGES[1].slug, lambda page: page["recommendations"].append("NOPE-B-01"))
    message = refusal(load_pages, content)
    assert f"pages/{FIRST}.yaml: unknown source id 'NOPE-A'" in message
    assert f"pages/{PAGES[1].slug}.yaml: unknown recommendation id 'NOPE-B-01'" in message


def test_a_slug_that_differs_from_its_file_name_is_refused(content):
    (content / "pages" / f"{FIRST}.yaml").rename(content / "pages" / "renamed.yaml")
    assert f"slug '{FIRST}' differs from the file name" in refusal(load_pages, content)


def test_a_file_that_is_not_yaml_is_refused_with_its_name(content):
    (content / "pages" / "broken.yaml").write_text("title: [unclosed", encoding="utf-8")
    assert "pages/broken.yaml" in refusal(load_pages, content) or "broken.yaml" in refusal(
        load_pages, content
    )


def test_a_directory_without_pages_is_refused(tmp_path):
    (tmp_path / "pages").mkdir()
    assert "no page files" in refusal(load_pages, tmp_path)
