"""rpl.core.text: whole sentences, templates with numbers, and finding them again to translate."""

from __future__ import annotations

import pytest

from rpl.core.text import fill, sentences, template, translate

WEEKS = template("Losses before %(weeks)d weeks count.")
CATALOGUE = {
    "Losses before %(weeks)d weeks count.": "Mất thai trước %(weeks)d tuần được tính.",
    "One. Two.": "Một-hai.",
    "Ask about it.": "Hãy hỏi.",
    "A test, e.g. this one.": "Một xét nghiệm, ví dụ cái này.",
}


def fake_gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def test_sentences_are_joined_with_one_space_and_empty_parts_left_out():
    assert sentences("First.", None, "", "Second.") == "First. Second."


def test_a_template_is_filled_with_its_named_numbers():
    assert fill(WEEKS, weeks=24) == "Losses before 24 weeks count."


def test_only_registered_templates_with_a_number_placeholder_are_accepted():
    with pytest.raises(ValueError, match="not a registered template"):
        fill("Unregistered %(weeks)d.", weeks=3)
    with pytest.raises(ValueError, match="needs a"):
        template("No placeholder here.")


def test_a_filled_template_is_translated_with_the_same_numbers():
    assert translate(fill(WEEKS, weeks=22), fake_gettext) == "Mất thai trước 22 tuần được tính."


def test_several_sentences_are_translated_one_by_one_and_joined_for_the_language():
    text = sentences(fill(WEEKS, weeks=20), "Ask about it.")
    assert translate(text, fake_gettext) == "Mất thai trước 20 tuần được tính. Hãy hỏi."
    assert translate(text, fake_gettext, joiner="") == "Mất thai trước 20 tuần được tính.Hãy hỏi."


def test_a_sentence_with_a_full_stop_inside_is_still_found():
    assert translate("A test, e.g. this one. Ask about it.", fake_gettext) == (
        "Một xét nghiệm, ví dụ cái này. Hãy hỏi."
    )


def test_a_whole_entry_is_preferred_to_its_pieces():
    assert translate("One. Two.", fake_gettext) == "Một-hai."


def test_any_part_without_a_translation_gives_none():
    assert translate("Ask about it. Not in the catalogue.", fake_gettext) is None
    assert translate(fill(WEEKS, weeks=20), lambda message: message) is None
