"""FAQ search folding: Vietnamese diacritics, Turkish i, Chinese substrings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpl.web.site.search import fold, matches, search, terms


@pytest.mark.parametrize("typed", ["sảy", "sẩy", "say", "SẢY", "Sẩy", "sày", "sáy"])
def test_vietnamese_miscarriage_is_found_however_its_tones_are_typed(typed):
    assert fold(typed) == "say"
    assert matches(terms(typed), ["Sẩy thai liên tiếp là gì?"])
    assert matches(terms(typed + " thai"), ["Sảy thai liên tiếp là gì?"])


def test_vietnamese_d_with_stroke_folds_to_d():
    assert fold("Điều trị đông máu") == "dieu tri dong mau"
    assert matches(terms("dieu tri"), ["Điều trị sau sảy thai"])


def test_a_whole_vietnamese_sentence_loses_its_marks_but_keeps_its_letters():
    assert fold("Xét nghiệm tuyến giáp có cần không?") == "xet nghiem tuyen giap co can khong?"


@pytest.mark.parametrize("typed", ["İlaç", "ILAÇ", "ilaç", "ılac", "Ilac", "ILAC"])
def test_turkish_dotted_and_dotless_i_meet(typed):
    assert fold(typed) == "ilac"
    assert matches(terms(typed), ["Hangi ilaçlar önerilir?"])


def test_turkish_capitals_fold_the_turkish_way():
    assert fold("DÜŞÜK") == "dusuk"
    assert fold("İSTANBUL") == fold("istanbul") == fold("ıstanbul")
    assert matches(terms("dusuk"), ["Tekrarlayan düşük nedir?"])
    assert matches(terms("GEBELİK KAYBI"), ["tekrarlayan gebelik kaybı"])


def test_simplified_chinese_matches_as_a_substring():
    question = "复发性流产是我的错吗？"
    assert fold(question) == "复发性流产是我的错吗?"  # characters kept; full-width ？ unified
    assert matches(terms("流产"), [question])
    assert matches(terms("复发性流产"), [question])
    assert not matches(terms("宫外孕"), [question])


def test_full_width_letters_and_spaces_are_unified():
    assert fold("ＴＳＨ　检查") == "tsh 检查"


def test_every_term_must_be_found_somewhere():
    assert matches(terms("thyroid test"), ["Which test?", "A thyroid check."])
    assert not matches(terms("thyroid scan"), ["Which test?", "A thyroid check."])


def test_search_puts_question_matches_first_and_keeps_order():
    entries = [
        ("a", "Is it my fault?", "Smoking may lower the chance."),
        ("b", "Should I stop smoking?", "Yes."),
        ("c", "Which tests?", "Thyroid."),
    ]
    assert search("smoking", entries) == ["b", "a"]
    assert search("", entries) == ["a", "b", "c"]
    assert search("   ", entries) == ["a", "b", "c"]
    assert search("nothing-like-this", entries) == []


@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_folded_text_has_no_combining_marks_or_capitals_of_its_own(text):
    import unicodedata

    folded = fold(text)
    assert not any(unicodedata.combining(c) for c in folded)
    assert "İ" not in folded and "I" not in folded and "ı" not in folded


# Patients' own words (issue 22): each language's glossary groups them with the words the FAQ
# uses, so a search with them finds the FAQ entries that answer them.
PATIENTS_WORDS = [
    ("zh-hans", "反复流产", "is-it-my-fault"),
    ("zh-hans", "习惯性流产", "is-it-my-fault"),
    ("zh-hans", "保胎", "should-i-take-progesterone"),
    ("zh-hans", "胎停育怎么办", "does-stress-cause-miscarriage"),
    ("vi", "thai lưu", "does-stress-cause-miscarriage"),
    ("vi", "dọa sảy", "should-i-take-progesterone"),
    ("vi", "doa say", "i-am-bleeding-now"),
    ("tr", "hamile", "chance-of-a-baby-next-time"),
    ("tr", "düşük", "do-losses-have-to-be-in-a-row"),
    ("tr", "habitüel abortus", "is-it-my-fault"),
    ("tr", "düşük iğnesi", "should-i-take-progesterone"),
]


@pytest.mark.parametrize(("language", "query", "entry"), PATIENTS_WORDS)
def test_a_patients_own_words_find_the_faq_entry_that_answers_them(language, query, entry):
    from rpl.core.education import load_faq

    entries = [(e.id, e.question.get(language), e.answer.get(language)) for e in load_faq()]
    assert entry in search(query, entries, language)


def test_a_synonym_phrase_is_one_term_and_question_words_are_dropped():
    assert terms("习惯性流产怎么办", "zh-hans") == [terms("复发性流产", "zh-hans")[0]]
    assert "复发性流产" in terms("反复流产", "zh-hans")[0]
    assert matches(terms("tekrarlayan gebelik kaybı nedir", "tr"), ["Tekrarlayan düşük"])
    assert not matches(terms("tekrarlayan gebelik kaybı nedir"), ["Tekrarlayan düşük"])
