"""The clinician report in the couple's language: every field label, closed value, item heading,
empty text and title the report lays out (rpl.web.clinic.presenting) is translated into vi,
zh-Hans and tr, for every example record (under every profile) and every vignette.

Not checked here: free-text engine sentences (tests/web/test_engine_text.py), citation titles
and refs (the sources' own), a source's own grade (Grade B, GPP), rule ids, record paths and
numbers, which read the same in every language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from rpl.core.assessment import Assessment, assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import load_profiles
from rpl.web.clinic import presenting
from rpl.web.reports.pdf import _translated_sections, render_html
from tests.core.helpers import checked

TESTS = Path(__file__).resolve().parents[2]
EXAMPLES = resources.files("rpl.knowledge").joinpath("examples")
PROFILES = load_profiles()
TODAY = dt.date(2025, 6, 1)
LANGUAGES = ["vi", "zh-hans", "tr"]

# Fields whose value is an engine sentence or a source's name, not a closed value.
FREE_TEXT = {"action", "reason", "detail", "why", "note", "caveat", "definition", "model"}
# Fields whose value is a record path ("pregnancies[0].same_partner") or rule ids.
TECHNICAL = {"needs", "rules", "rule"}
SAME_IN_EVERY_LANGUAGE = re.compile(
    r"[\d\s.,%+=-]*"  # numbers
    r"|[A-Z]{2}\d{2}(, [A-Z]{2}\d{2})*"  # rule ids
    r"|(Grade [A-D]|GPP)( / (Grade [A-D]|GPP))*"  # a source's own grade
)


def _assessments() -> list[tuple[str, Assessment]]:
    found = []
    for path in sorted(EXAMPLES.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".json"):
            record = parse_record(path.read_text(), TODAY)
            for profile in PROFILES.values():
                found.append((f"{path.name} under {profile.id}", assess(record, profile)))
    for document in yaml.safe_load((TESTS / "vignettes" / "assessment.yaml").read_text()):
        overrides = {
            key: document[key]
            for key in ("woman", "partner", "results", "current_pregnancy")
            if key in document
        }
        record = checked(*document["history"], **overrides)
        found.append((document["name"], assess(record, PROFILES[document["profile"]])))
    return found


ASSESSMENTS = _assessments()


def _pairs(
    english: list[presenting.Section], shown: list[presenting.Section]
) -> Iterator[tuple[str, str, str]]:
    """(where, English, shown) for every label and closed value of the report."""

    def fields(where: str, en: list[tuple[str, str]], out: list[tuple[str, str]]):
        for (name, value), (shown_name, shown_value) in zip(en, out, strict=True):
            yield f"{where} label", name, shown_name
            if name not in FREE_TEXT and name not in TECHNICAL:
                yield f"{where} value of {name!r}", value, shown_value

    for en, out in zip(english, shown, strict=True):
        where = en.key
        yield f"{where} title", en.title, out.title
        if en.level:
            yield f"{where} level", en.level, out.level or ""
        yield f"{where} empty text", en.empty_text, out.empty_text
        yield f"{where} details title", en.details_title, out.details_title
        yield from fields(where, en.fields, out.fields)
        for (name, _), (shown_name, _) in zip(en.lists, out.lists, strict=True):
            yield f"{where} list label", name, shown_name
        citations = list(zip(en.citations, out.citations, strict=True))
        for en_item, out_item in zip(en.items + en.details, out.items + out.details, strict=True):
            # A missing value is named by its record path; a fired rule by its id.
            if where not in ("missing_data", "rules_fired"):
                yield f"{where} item heading", en_item.code, out_item.code
            yield from fields(f"{where} item", en_item.fields, out_item.fields)
            citations += zip(en_item.citations, out_item.citations, strict=True)
        for en_citation, out_citation in citations:
            yield f"{where} citation strength", en_citation.strength, out_citation.strength


def _report_sections(laid_out: list[presenting.Section], language: str) -> list[presenting.Section]:
    with translation.override(language):
        return _translated_sections(laid_out)


def _left_in_english(language: str) -> set[str]:
    left = set()
    for _name, assessment in ASSESSMENTS:
        laid_out = presenting.sections(assessment)
        english = _report_sections(laid_out, "en")
        shown = _report_sections(laid_out, language)
        for where, text, shown_text in _pairs(english, shown):
            if text and shown_text == text and not SAME_IN_EVERY_LANGUAGE.fullmatch(text):
                left.add(f"{where}: {text!r}")
    return left


def test_the_examples_and_vignettes_give_every_section_and_many_labels():
    keys = {s.key for _, a in ASSESSMENTS for s in presenting.sections(a)}
    assert set(presenting.SECTION_ORDER) <= keys
    assert {a.triage.level for _, a in ASSESSMENTS if a.triage} == {
        "emergency",
        "urgent",
        "soon",
        "routine",
    }
    english = [p for _, a in ASSESSMENTS for p in _pairs(*[presenting.sections(a)] * 2)]
    assert len({text for _, text, _ in english}) > 150


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_label_or_closed_value_of_the_clinician_report_is_left_in_english(language):
    assert sorted(_left_in_english(language)) == []


def _prognosis_lines(language: str) -> set[str]:
    lines = set()
    for _, assessment in ASSESSMENTS:
        laid_out = presenting.sections(assessment)
        prognosis = next(s for s in _report_sections(laid_out, language) if s.key == "prognosis")
        lines |= {value for name, value in prognosis.fields[:1]}
    return lines


def test_the_prognosis_line_is_translated_with_its_own_figures():
    estimates = [
        e
        for _, a in ASSESSMENTS
        if (e := a.prognosis.live_birth_next_pregnancy) and e.estimate_percent is not None
    ]
    figure, (low, high) = estimates[0].estimate_percent, estimates[0].range_percent
    assert f"{figure:.0f} % (published figures around her: {low:.0f} % to {high:.0f} %)" in (
        _prognosis_lines("en")
    )
    assert (
        f"{figure:.0f} % (các số liệu đã công bố gần với trường hợp này: {low:.0f} % đến"
        f" {high:.0f} %)"
    ) in _prognosis_lines("vi")
    # Turkish writes the per cent sign before the figure.
    assert f"%{low:.0f} ile %{high:.0f} arası" in " ".join(_prognosis_lines("tr"))


def test_a_range_without_a_single_figure_is_translated_too():
    ranges = [
        e.range_percent
        for _, a in ASSESSMENTS
        if (e := a.prognosis.live_birth_next_pregnancy) and e.estimate_percent is None
    ]
    low, high = ranges[0]
    assert f"{low:.0f} % 至 {high:.0f} %（没有针对她的单一数值：此为相邻的两个已发表数据）" in (
        _prognosis_lines("zh-hans")
    )


def test_the_english_staff_layout_keeps_its_words():
    # The staff pages show presenting's English as it was: the marks change no word.
    assert presenting.label("tell_clinic") == "tell clinic"
    assert presenting.label("an_unknown_key") == "an unknown key"
    assert presenting.show(None) == "unknown"
    assert presenting.NO_RULE_FIRED == "no rule fired"


def test_a_vietnamese_clinician_report_shows_the_type_of_loss_and_not_the_evidence_word():
    record = parse_record(EXAMPLES.joinpath("secondary-rpl-unexplained.json").read_text(), TODAY)
    html = render_html(
        record,
        PROFILES["eshre-2022"],
        audience="clinician",
        language="vi",
        generated_on=TODAY,
    )
    assert "<th>thể</th><td>thứ phát</td>" in html
    for english in ("meets definition", "losses counted", "recommendation", "not recommended"):
        assert f">{english}<" not in html and f"{english}:" not in html
