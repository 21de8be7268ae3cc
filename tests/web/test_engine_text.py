"""The engine's sentences reach people in their language: every text a rule case or vignette
produces for the plan, the findings (calculator summaries and what a calculator refused, e.g.
a uterine measurement not recorded), the definition, the prognosis and the triage is found in
the vi, zh-Hans and tr catalogues (whole sentences, filled templates, or several of them
together)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.utils import translation

from rpl.core.assessment import Assessment, assess
from rpl.core.classification import describe_definition
from rpl.core.profiles import load_profiles
from rpl.web.engine_text import engine_text
from tests.core.helpers import checked

TESTS = Path(__file__).resolve().parents[1]
PROFILES = load_profiles()
LANGUAGES = ["vi", "zh-hans", "tr"]
PLAN = ("investigations", "treatments", "next_pregnancy", "advice")


def _assessments() -> list[Assessment]:
    documents = []
    for path in sorted((TESTS / "core" / "rules" / "cases").glob("*.yaml")):
        documents += [c for c in yaml.safe_load(path.read_text())["cases"] if "answers" not in c]
    documents += yaml.safe_load((TESTS / "vignettes" / "assessment.yaml").read_text())
    found = []
    for document in documents:
        overrides = {
            key: document[key]
            for key in ("woman", "partner", "results", "current_pregnancy")
            if key in document
        }
        record = checked(*document["history"], **overrides)
        found.append(assess(record, PROFILES[document["profile"]]))
    return found


def _engine_texts() -> set[str]:
    texts = {describe_definition(profile.definition) for profile in PROFILES.values()}
    for assessment in _assessments():
        texts.add(assessment.classification.definition)
        texts |= {item.reason for section in PLAN for item in getattr(assessment, section)}
        texts |= {finding.detail for finding in assessment.findings if finding.detail}
        prognosis = assessment.prognosis
        if prognosis.note:
            texts.add(prognosis.note)
        if prognosis.live_birth_next_pregnancy:
            texts.add(prognosis.live_birth_next_pregnancy.caveat)
        if assessment.triage:
            texts |= {assessment.triage.action, *assessment.triage.reasons}
            texts |= set(assessment.triage.tell_clinic)
    return texts


ENGINE_TEXTS = sorted(_engine_texts())


def test_the_rule_cases_and_vignettes_give_many_different_engine_texts():
    assert len(ENGINE_TEXTS) > 80


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_engine_text_of_the_cases_and_vignettes_is_translated(language):
    with translation.override(language):
        untranslated = [text for text in ENGINE_TEXTS if engine_text(text).lang != language]
    assert untranslated == []


def test_a_definition_is_translated_with_its_own_numbers():
    definition = describe_definition(PROFILES["rcog-2023"].definition)
    assert definition.startswith("3 or more losses in the first trimester (before 14 weeks)")
    with translation.override("vi"):
        shown = engine_text(definition)
    assert shown.lang == "vi"
    assert "Mất thai từ 3 lần trở lên trong ba tháng đầu (trước 14 tuần)" in shown.text
    assert "từ tuần 14 đến trước tuần 24" in shown.text


def test_chinese_sentences_are_joined_without_spaces_and_others_with_one():
    definition = describe_definition(PROFILES["cn-consensus-2022"].definition)
    with translation.override("zh-hans"):
        chinese = engine_text(definition).text
    with translation.override("tr"):
        turkish = engine_text(definition).text
    assert "。这些流产" in chinese
    assert "kaybı. Kayıpların aynı" in turkish


def test_an_unknown_sentence_stays_whole_and_in_english():
    text = (
        "Testing for antiphospholipid antibodies is advised after recurrent loss; lupus"
        " anticoagulant is one of the two core tests. A sentence no catalogue has."
    )
    with translation.override("vi"):
        shown = engine_text(text)
    assert (shown.text, shown.lang) == (text, "en")


def test_english_is_shown_as_written():
    with translation.override("en"):
        shown = engine_text("Abnormal on more than one occasion.")
    assert (shown.text, shown.lang) == ("Abnormal on more than one occasion.", "en")
