"""The triage in a clinician's words: the clinician outputs (report, clinic pages, CLI text, FHIR
narrative) address the clinician, not the woman ("you"); the patient outputs keep her words. Same
level, same rules, same sources, the same number of reasons and of things to ask: only the
wording changes, on every triage path a record can give."""

from __future__ import annotations

import re

import pytest

from rpl.core.triage import check_warning_signs, for_clinician
from tests.core.test_triage_paths import PATHS

YOU = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
# A record's current pregnancy always gives pregnant = "yes" (answers_from_record).
RECORD_PATHS = [answers for answers in PATHS if answers.pregnant == "yes"]


def test_the_paths_include_every_level_and_some_that_address_the_woman():
    triages = [check_warning_signs(answers) for answers in RECORD_PATHS]
    assert {t.level for t in triages} == {"emergency", "urgent", "soon", "routine"}
    assert any(YOU.search(t.action) for t in triages)


@pytest.mark.parametrize("answers", RECORD_PATHS[::7], ids=lambda a: repr(a)[:80])
def test_the_clinicians_triage_has_the_same_facts_without_addressing_the_woman(answers):
    triage = check_warning_signs(answers)
    clinician = for_clinician(triage)
    assert clinician.level == triage.level
    assert clinician.action != triage.action, "every action speaks to the woman: reworded"
    assert clinician.rules == triage.rules
    assert clinician.sources == triage.sources
    assert len(clinician.reasons) == len(triage.reasons)
    assert len(clinician.tell_clinic) == len(triage.tell_clinic)
    for text in (clinician.action, *clinician.reasons, *clinician.tell_clinic):
        assert not YOU.search(text), text


def test_every_path_a_record_gives_has_a_clinicians_wording():
    for answers in RECORD_PATHS:
        triage = for_clinician(check_warning_signs(answers))
        for text in (triage.action, *triage.reasons, *triage.tell_clinic):
            assert not YOU.search(text), (answers, text)
