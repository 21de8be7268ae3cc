"""What the presenter shows of the clinic's sign-off and practice (issue 18): the evidence
status of a rule's sources apart from the clinic's approval, and a clinic's approved practice
shown on every line it changes, never silently."""

from __future__ import annotations

import datetime as dt

from rpl.core.assessment import assess
from rpl.core.governance import ApprovedPractice, PracticeOverride, SignOff
from rpl.core.profiles import load_profiles
from rpl.present.assessment import for_clinician, for_patient, review_lines
from rpl.present.translate import translator
from tests.present.test_assessment_views import example

ESHRE = load_profiles()["eshre-2022"]
OVERRIDE = PracticeOverride(
    rule="NP02",
    code="progesterone_no_bleeding",
    recommendation="conditional",
    reason="Our clinicians offer progesterone from the first scan after two losses.",
)
APPROVED = ApprovedPractice(OVERRIDE, "Dr Lan Nguyen", dt.date(2026, 12, 1), "ESHRE 2022")


def test_a_rule_line_keeps_the_sources_evidence_apart_from_the_clinics_approval():
    sign_off = SignOff(
        "approved", "Dr Lan Nguyen", dt.date(2026, 12, 1), dt.date(2028, 12, 1), "read it"
    )
    [approved, unknown] = review_lines(["NP02", "IV01"], {"NP02": sign_off}, translator("en"))
    assert approved.reviewed and approved.review == "approved"
    assert approved.evidence in ("verified", "secondary", "unverified")
    assert (
        approved.signed
        == "approved by Dr Lan Nguyen on 1 December 2026; next review 1 December 2028"
    )
    assert unknown.review == "unknown" and not unknown.reviewed and unknown.signed == ""
    assert unknown.evidence


def test_a_rule_read_through_a_stand_in_names_the_guideline_it_stands_in_for():
    lines = review_lines(["NP02"], {}, translator("en"), ESHRE)
    assert lines[0].in_place_of == () or all(lines[0].in_place_of)


def test_the_sign_off_reads_in_the_readers_language():
    sign_off = SignOff("approved", "Dr Lan", dt.date(2026, 12, 1), dt.date(2028, 12, 1))
    [line] = review_lines(["NP02"], {"NP02": sign_off}, translator("zh-hans"))
    assert "Dr Lan" in line.signed and "2026年12月1日" in line.signed
    assert "approved" not in line.signed


def test_an_approved_clinic_practice_replaces_the_guidelines_recommendation_and_says_so():
    case = example("primary-rpl-first-visit")
    assessment = assess(case, ESHRE)
    assert "NP02" in assessment.rules_fired
    plain = for_clinician(assessment, translator("en"))
    assert any(i.code == "progesterone_no_bleeding" for i in plain.advised_against)
    view = for_clinician(assessment, translator("en"), practice=[APPROVED])
    assert not any(i.code == "progesterone_no_bleeding" for i in view.advised_against)
    [line] = [i for i in view.next_pregnancy if i.code == "progesterone_no_bleeding"]
    assert line.recommendation == "conditional"
    assert line.practice is not None
    assert line.practice.guideline_recommendation == "not_recommended"
    assert line.practice.text == (
        "Clinic practice, approved by Dr Lan Nguyen on 1 December 2026; differs from ESHRE 2022"
        " (not recommended) because: Our clinicians offer progesterone from the first scan"
        " after two losses."
    )


def test_the_couple_sees_the_clinics_practice_marked_as_the_clinics():
    case = example("primary-rpl-first-visit")
    assessment = assess(case, ESHRE)
    view = for_patient(assessment, case.record, translator("vi"), "today", practice=[APPROVED])
    [line] = [i for i in view.this_or_next_pregnancy if i.code == "progesterone_no_bleeding"]
    assert line.clinic_practice and line.may_help


def test_a_practice_for_another_rule_changes_nothing():
    case = example("primary-rpl-first-visit")
    assessment = assess(case, ESHRE)
    other = ApprovedPractice(
        OVERRIDE.model_copy(update={"rule": "NP01"}), "Dr X", dt.date(2026, 1, 1), "ESHRE 2022"
    )
    view = for_clinician(assessment, translator("en"), practice=[other])
    assert all(line.practice is None for line in view.every_line())
