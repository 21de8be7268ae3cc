"""The presenter (`rpl.present.assessment`): what a clinician and a couple read first, in their
language, built from the typed assessment."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml

from rpl.core.assessment import Assessment, assess
from rpl.core.languages import language_codes
from rpl.core.parsing import parse_record
from rpl.core.profiles import load_profiles
from rpl.present.assessment import for_clinician, for_patient
from rpl.present.model import Citation, ClinicianView
from rpl.present.translate import Text, translator
from tests.core.helpers import checked, example_paths

PROFILES = load_profiles()
ESHRE = PROFILES["eshre-2022"]
TODAY = dt.date(2026, 12, 7)
VIGNETTES = Path(__file__).resolve().parents[1] / "vignettes"
THREE_LOSSES = ("miscarriage 7 ultrasound", "miscarriage 8 ultrasound", "miscarriage 9 ultrasound")


def example(stem: str):
    path = next(p for p in example_paths() if p.stem == stem)
    return parse_record(path.read_bytes(), today=TODAY)


def patient(case, profile=ESHRE, language="en"):
    return for_patient(assess(case, profile), case.record, translator(language), "today")


def clinician(case, profile=ESHRE, language="en") -> ClinicianView:
    return for_clinician(assess(case, profile), translator(language))


def test_a_pregnant_woman_sees_her_pregnancys_triage_and_what_applies_to_this_pregnancy():
    view = patient(example("pregnant-with-bleeding"))
    assert view.pregnant_now and view.triage is not None
    assert view.triage.level == "soon"
    assert view.triage.action.text.startswith("Contact")
    assert "progesterone_bleeding" in {line.code for line in view.this_or_next_pregnancy}


def test_a_high_tsh_is_named_in_plain_words_as_a_result_to_discuss():
    case = checked(
        *THREE_LOSSES,
        results=[
            {
                "test": "tsh",
                "date": "2024-10-01",
                "value": 7.2,
                "unit": "mIU/L",
                "reference_range": [0.4, 4.0],
            }
        ],
    )
    view = patient(case)
    assert any(
        text.text.startswith("A result needs discussing with your doctor: Thyroid blood test")
        or "thyroid" in text.text.lower()
        for text in view.to_discuss
    ), view.to_discuss


def test_a_positive_lupus_anticoagulant_reaches_the_couple_in_plain_words():
    case = checked(
        *THREE_LOSSES,
        results=[{"test": "lupus_anticoagulant", "date": "2024-10-01", "value": "positive"}],
    )
    view = patient(case)
    assert any("antiphospholipid" in text.text.lower() for text in view.to_discuss), view.to_discuss


def test_smoking_and_no_cause_yet_are_not_results_to_discuss():
    case = checked(*THREE_LOSSES, woman={"age_years": 30, "smoking": "current"})
    view = patient(case)
    assert not [t for t in view.to_discuss if "Smoking" in t.text or "No cause" in t.text]
    assert "stop_smoking" in {line.code for line in view.things_to_do}


def test_each_missing_piece_of_information_is_named_for_the_couple():
    view = patient(checked(*THREE_LOSSES, woman={}))
    names = {text.text for text in view.information_needed}
    assert "your age" in names
    assert "your height and weight (for your body-mass index)" in names
    assert "whether you smoke" in names
    assert not [name for name in names if "." in name and "[" in name], names  # no record paths


def test_what_the_guidelines_advise_against_is_kept_apart_with_one_short_paragraph():
    view = patient(checked(*THREE_LOSSES))
    assert view.not_advised and view.not_advised_summary
    advised = {line.name.text for line in [*view.tests_to_do, *view.treatments]}
    assert not advised & {text.text for text in view.not_advised}


def test_for_a_woman_who_is_not_pregnant_there_is_no_triage():
    view = patient(checked(*THREE_LOSSES))
    assert not view.pregnant_now and view.triage is None


def test_the_clinician_sees_the_verdict_in_a_sentence_and_the_type_in_words():
    view = clinician(checked(*THREE_LOSSES))
    assert view.classification.verdict == "meets"
    assert view.classification.verdict_text.startswith("Meets this profile's definition")
    assert view.classification.type_label == "primary"
    not_met = clinician(checked("miscarriage 7 ultrasound"))
    assert not_met.classification.verdict == "does_not_meet"
    assert not_met.classification.type_label == "not applicable"


def test_the_clinician_view_keeps_advised_against_items_out_of_the_plan():
    view = clinician(checked(*THREE_LOSSES))
    plan = [*view.to_do, *view.treatments, *view.next_pregnancy, *view.advice]
    assert all(not line.advised_against for line in plan)
    assert view.advised_against


def test_every_part_of_the_assessment_reaches_the_clinician_view():
    """A new section of the contract must be laid out on purpose: this lists where each goes."""
    placed = {
        "format": None,  # the envelope
        "record_id": "record_id",
        "assessed_on": "assessed_on",
        "profile": "profile_id",
        "versions": "engine_version",
        "classification": "classification",
        "investigations": "to_do",
        "findings": "findings",
        "treatments": "treatments",
        "next_pregnancy": "next_pregnancy",
        "advice": "advice",
        "prognosis": "prognosis",
        "triage": "triage",
        "missing_data": "missing",
        "rules_fired": "rules_fired",
    }
    assert set(Assessment.model_fields) == set(placed)
    fields = {f.name for f in dataclasses.fields(ClinicianView)}
    assert {name for name in placed.values() if name} <= fields


def test_every_citation_of_the_assessment_is_listed_once_in_the_appendix():
    view = clinician(example("secondary-rpl-unexplained"))
    cited = view.cited()
    keys = [(c.recommendation, c.source, c.ref) for c in cited]
    assert len(keys) == len(set(keys))
    every = {
        (c.recommendation, c.source, c.ref) for line in view.every_line() for c in line.citations
    }
    assert every <= set(keys)


def _cases():
    for path in example_paths():
        yield path.stem, parse_record(path.read_bytes(), today=TODAY)
    files = [VIGNETTES / "assessment.yaml", *sorted((VIGNETTES / "assessment").glob("*.yaml"))]
    for file in files:
        for index, vignette in enumerate(yaml.safe_load(file.read_text()) or []):
            overrides = {
                k: vignette[k]
                for k in ("woman", "partner", "results", "current_pregnancy")
                if k in vignette
            }
            yield f"{file.stem}-{index}", checked(*vignette["history"], **overrides)


def _texts(value: object, path: str = ""):
    """Every Text in a view, with where it is (citations are the sources' own words)."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, Citation):
        return
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            yield from _texts(entry, f"{path}[{index}]")


@pytest.mark.parametrize("language", [c for c in language_codes() if c != "en"])
def test_no_name_or_engine_sentence_of_either_view_is_left_in_english(language):
    tr = translator(language)
    english = []
    for name, case in _cases():
        for profile in PROFILES.values():
            assessment = assess(case, profile)
            for view in (
                for_clinician(assessment, tr),
                for_patient(assessment, case.record, tr, "today"),
            ):
                english += [
                    (name, profile.id, where, text.text)
                    for where, text in _texts(view)
                    if text.lang == "en"
                ]
    assert not english, f"{len(english)} texts left in English, e.g. {english[:3]}"


def test_dates_are_written_as_each_language_writes_them():
    day = dt.date(2026, 12, 7)
    assert translator("en").date(day) == "7 December 2026"
    assert translator("vi").date(day) == "07/12/2026"
    assert translator("zh-hans").date(day) == "2026年12月7日"
    assert translator("tr").date(day) == "07.12.2026"


def test_an_unknown_language_is_refused():
    with pytest.raises(KeyError, match="unknown language"):
        translator("xx")


APS_WORKUP = [
    {
        "test": "tsh",
        "date": "2024-06-03",
        "value": 1.8,
        "unit": "mIU/L",
        "reference_range": [0.4, 4.0],
    },
    {"test": "uterine_imaging", "date": "2024-06-03", "method": "3d_ultrasound", "value": "normal"},
    {"test": "karyotype", "subject": "woman", "date": "2024-06-03", "interpretation": "normal"},
    {"test": "karyotype", "subject": "partner", "date": "2024-06-03", "interpretation": "normal"},
]
LA_POSITIVE = {"test": "lupus_anticoagulant", "value": "positive"}
DATED_LOSSES = (
    "miscarriage 7 ultrasound ended=2023-01-10",
    "miscarriage 8 ultrasound ended=2023-06-12",
    "miscarriage 9 ultrasound ended=2024-02-20",
)


def _aps_lines(view) -> list[str]:
    return [t.text for t in view.to_discuss if "Antiphospholipid syndrome" in t.text]


def test_the_couple_reads_one_line_for_aps_at_the_more_certain_of_the_two_criteria():
    # Sydney 2006 met, ACR/EULAR 2023 not settled (early losses give 1 of its 3 clinical points).
    met = checked(
        *DATED_LOSSES,
        woman={"age_years": 31, "conditions": []},
        results=[
            {**LA_POSITIVE, "date": "2024-06-03"},
            {**LA_POSITIVE, "date": "2024-09-02"},
            *APS_WORKUP,
        ],
    )
    statuses = {f.code: f.status for f in assess(met, ESHRE).findings}
    assert (statuses["aps_sydney_2006"], statuses["aps_acr_eular_2023"]) == ("present", "possible")
    assert _aps_lines(patient(met)) == [
        "Your results point to something to discuss with your doctor: Antiphospholipid syndrome"
        " (a blood-clotting condition)."
    ]
    # The clinician keeps both criteria side by side.
    codes = [line.code for line in clinician(met).findings]
    assert "aps_sydney_2006" in codes and "aps_acr_eular_2023" in codes


def test_when_neither_aps_criteria_set_is_met_the_one_line_says_may_point_to():
    pending = checked(
        *DATED_LOSSES,
        woman={"age_years": 31, "conditions": []},
        results=[{**LA_POSITIVE, "date": "2024-06-03"}, *APS_WORKUP],
    )
    statuses = {f.code: f.status for f in assess(pending, ESHRE).findings}
    assert statuses["aps_sydney_2006"] == statuses["aps_acr_eular_2023"] == "possible"
    assert _aps_lines(patient(pending)) == [
        "Your results may point to something your doctor will want to check further:"
        " Antiphospholipid syndrome (a blood-clotting condition)."
    ]
    # In her language, one line too, with the condition's name translated.
    vietnamese = patient(pending, language="vi").to_discuss
    assert len(vietnamese) == len(patient(pending).to_discuss)
    assert not [t for t in vietnamese if "Antiphospholipid" in t.text]
