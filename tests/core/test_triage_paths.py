"""Every triage path: each symptom (alone and in pairs) x weeks x location x history.

The properties are what a clinician expects of the level whatever the rules' wording; the table
in docs/triage.md is this module's `table()` (regenerate it with
`.venv/bin/python -m tests.core.test_triage_paths`), so the document cannot drift from the code.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any, get_args

import pytest

from rpl.core.triage import LEVELS, WarningSignAnswers, check_warning_signs
from rpl.core.vocabulary import PregnancySymptom

SYMPTOMS: tuple[str, ...] = get_args(PregnancySymptom)
# Unknown, and both sides of the 12- and 20-week limits the rules use.
WEEKS = (None, "11+6", "12+0", "19+6", "20+0")
LOCATIONS = (None, "unknown", "intrauterine", "ectopic")
HISTORIES = (
    {},
    {"previous_miscarriages": 2, "previous_ectopic": False, "previous_molar": False},
    {"previous_ectopic": True},
    {"previous_molar": True},
)
EMERGENCY_SIGNS = {"dizziness_fainting", "bleeding_heavy", "pain_severe"}
RUPTURE_SIGNS = {"pain_mild", "pain_severe", "pain_one_sided", "shoulder_tip_pain"}
RUPTURE_SIGNS |= {"dizziness_fainting", "bleeding_heavy"}


def every_path() -> list[WarningSignAnswers]:
    sets = [(), *((s,) for s in SYMPTOMS), *itertools.combinations(SYMPTOMS, 2)]
    paths = []
    for pregnant in ("yes", "unsure", "no"):
        weeks = WEEKS if pregnant != "no" else (None,)
        locations = LOCATIONS if pregnant != "no" else (None,)
        for ga, location, history, symptoms in itertools.product(weeks, locations, HISTORIES, sets):
            paths.append(
                WarningSignAnswers(
                    pregnant=pregnant,
                    gestational_age=ga,
                    location=location,
                    symptoms=list(symptoms),
                    **history,
                )
            )
    return paths


PATHS = every_path()


def urgency(level: str) -> int:
    return len(LEVELS) - LEVELS.index(level)  # routine 1 ... emergency 4


@pytest.fixture(scope="module")
def answered() -> list[tuple[WarningSignAnswers, Any]]:
    return [(answers, check_warning_signs(answers)) for answers in PATHS]


def test_dizziness_heavy_bleeding_or_severe_pain_is_always_an_emergency(answered):
    for answers, triage in answered:
        if EMERGENCY_SIGNS & set(answers.symptoms):
            assert triage.level == "emergency", answers


def test_a_pregnancy_known_to_be_ectopic_is_never_routine_and_an_emergency_with_its_signs(
    answered,
):
    for answers, triage in answered:
        if answers.pregnant == "no" or answers.location != "ectopic":
            continue
        assert urgency(triage.level) >= urgency("urgent"), answers
        if RUPTURE_SIGNS & set(answers.symptoms):
            assert triage.level == "emergency", answers


def test_a_pregnancy_not_yet_located_after_an_ectopic_or_molar_pregnancy_is_never_routine(
    answered,
):
    for answers, triage in answered:
        history = answers.previous_ectopic is True or answers.previous_molar is True
        if answers.pregnant == "yes" and answers.location in (None, "unknown") and history:
            assert urgency(triage.level) >= urgency("soon"), answers
            if answers.previous_ectopic and set(answers.symptoms) & {
                "bleeding_spotting",
                "bleeding_light",
                "pain_mild",
            }:
                assert urgency(triage.level) >= urgency("urgent"), answers


def test_fever_or_discharge_alone_is_a_same_day_assessment_never_an_ambulance(answered):
    for answers, triage in answered:
        alone = set(answers.symptoms) in ({"fever"}, {"offensive_discharge"})
        if alone and answers.location != "ectopic":
            assert triage.level == "urgent", answers
            assert "ambulance if" in triage.action  # the sepsis safety net


def test_routine_only_without_symptoms_known_ectopic_or_a_pregnancy_to_locate(answered):
    for answers, triage in answered:
        if triage.level != "routine":
            continue
        assert not answers.symptoms, answers
        assert answers.location != "ectopic" or answers.pregnant == "no", answers
        assert not (
            answers.pregnant == "yes"
            and answers.location in (None, "unknown")
            and (answers.previous_ectopic or answers.previous_molar)
        ), answers


def test_from_12_weeks_every_symptom_is_seen_the_same_day_or_sooner(answered):
    for answers, triage in answered:
        ga = answers.gestational_age
        if answers.symptoms and ga is not None and not ga.is_before_weeks(12):
            assert urgency(triage.level) >= urgency("urgent"), answers


def test_the_progesterone_pathway_is_only_offered_before_12_weeks(answered):
    for answers, triage in answered:
        if "TR08" in triage.rules:
            ga = answers.gestational_age
            assert ga is None or ga.is_before_weeks(12), answers


def test_every_level_has_an_action_reasons_and_sources(answered):
    for answers, triage in answered:
        assert triage.action and triage.reasons and triage.sources, answers


# --- the table of docs/triage.md -----------------------------------------------------------

COLUMNS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "< 12 wk, not yet located",
        {
            "pregnant": "yes",
            "gestational_age": "8",
            "location": "unknown",
            "previous_miscarriages": 2,
            "previous_ectopic": False,
            "previous_molar": False,
        },
    ),
    (
        "< 12 wk, not located, earlier ectopic",
        {
            "pregnant": "yes",
            "gestational_age": "6",
            "location": "unknown",
            "previous_miscarriages": 1,
            "previous_ectopic": True,
            "previous_molar": False,
        },
    ),
    (
        "< 12 wk, in the womb, earlier miscarriage",
        {
            "pregnant": "yes",
            "gestational_age": "8",
            "location": "intrauterine",
            "previous_miscarriages": 2,
            "previous_ectopic": False,
            "previous_molar": False,
        },
    ),
    (
        "known ectopic",
        {
            "pregnant": "yes",
            "gestational_age": "7",
            "location": "ectopic",
            "previous_miscarriages": 2,
            "previous_ectopic": False,
            "previous_molar": False,
        },
    ),
    (
        "12-19 wk, in the womb",
        {
            "pregnant": "yes",
            "gestational_age": "14",
            "location": "intrauterine",
            "previous_miscarriages": 2,
            "previous_ectopic": False,
            "previous_molar": False,
        },
    ),
    (
        ">= 20 wk, in the womb",
        {
            "pregnant": "yes",
            "gestational_age": "28",
            "location": "intrauterine",
            "previous_miscarriages": 2,
            "previous_ectopic": False,
            "previous_molar": False,
        },
    ),
    (
        "weeks and location unknown",
        {"pregnant": "yes", "previous_miscarriages": 2},
    ),
    ("unsure if pregnant", {"pregnant": "unsure", "previous_miscarriages": 2}),
    ("not pregnant (after a loss)", {"pregnant": "no", "previous_miscarriages": 2}),
)
SHORT = {"emergency": "EMERGENCY", "urgent": "urgent", "soon": "soon", "routine": "routine"}


def table() -> str:
    header = "| symptom | " + " | ".join(name for name, _ in COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 1)]
    for symptom in ("(none)", *SYMPTOMS):
        cells = []
        for _, context in COLUMNS:
            symptoms = [] if symptom == "(none)" else [symptom]
            triage = check_warning_signs(WarningSignAnswers(symptoms=symptoms, **context))
            cells.append(f"{SHORT[triage.level]} ({', '.join(triage.rules)})")
        lines.append(f"| `{symptom}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def test_the_table_in_docs_triage_md_is_what_the_rules_give():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "triage.md").read_text()
    found = re.search(r"<!-- table -->\n(.*?)<!-- /table -->", doc, re.S)
    assert found, "docs/triage.md lost its table markers"
    assert found.group(1) == table(), "regenerate: .venv/bin/python -m tests.core.test_triage_paths"


if __name__ == "__main__":
    print(table(), end="")
