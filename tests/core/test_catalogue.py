"""Every code the engine shows has a plain and a clinical name in the one catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import get_args

import pytest
import yaml

from rpl.core import vocabulary
from rpl.core.assessment import assess
from rpl.core.catalogue import code_names, english_name, load_catalogue, messages, pot_text
from rpl.core.parsing import parse_record
from rpl.core.profiles import load_profiles
from tests.core.helpers import checked, example_paths

SECTIONS = {
    "investigations": "tests",
    "findings": "findings",
    "treatments": "plan",
    "next_pregnancy": "plan",
    "advice": "plan",
}


def every_assessment():
    profiles = load_profiles()
    for path in example_paths():
        record = parse_record(path.read_bytes(), today=dt.date(2026, 12, 7))
        for profile in profiles.values():
            yield assess(record, profile)
    vignettes = Path(__file__).resolve().parents[1] / "vignettes"
    for file in [vignettes / "assessment.yaml", *sorted((vignettes / "assessment").glob("*.yaml"))]:
        for vignette in yaml.safe_load(file.read_text()) or []:
            overrides = {
                k: vignette[k]
                for k in ("woman", "partner", "results", "current_pregnancy")
                if k in vignette
            }
            record = checked(*vignette["history"], **overrides)
            for profile in profiles.values():
                yield assess(record, profile)


def test_every_code_an_assessment_shows_has_both_names():
    unnamed = set()
    for assessment in every_assessment():
        for section, group in SECTIONS.items():
            for item in getattr(assessment, section):
                if code_names(group, item.code) is None:
                    unnamed.add((group, item.code))
    assert not unnamed


def test_every_test_and_outcome_of_the_record_contract_has_both_names():
    missing = [c for c in get_args(vocabulary.TestCode) if code_names("tests", c) is None]
    missing += [c for c in get_args(vocabulary.Outcome) if code_names("outcomes", c) is None]
    assert not missing


def test_a_code_without_a_name_reads_as_its_words_rather_than_failing():
    assert english_name("plan", "a_new_code", "plain") == "a new code"


def test_the_plain_name_of_a_test_says_what_it_is_in_everyday_words():
    assert english_name("tests", "uterine_assessment", "plain") == "Scan of the womb"
    assert english_name("tests", "uterine_assessment", "clinical") != "Scan of the womb"


def test_the_catalogues_template_lists_every_name_once():
    pot = pot_text()
    for _, text in messages():
        assert pot.count(f'msgid "{text}"') == 1


@pytest.mark.parametrize("group", ["tests", "findings", "plan", "outcomes"])
def test_every_group_has_names(group):
    assert load_catalogue()[group]
