"""What a patient reads, as the presenter builds it, keeps to each language's glossary
(rpl/knowledge/catalogue/glossary/): no calque, no English leftover, no field name, no ASCII
punctuation inside Chinese (a source's title stays in its own language, marked so), for every example record and vignette under every profile, and for
self-check results. The catalogue entries themselves are checked in tests/core/test_glossary.py."""

from __future__ import annotations

import datetime as dt
from itertools import product

import pytest

from rpl.core.assessment import assess
from rpl.core.glossary import problems, punctuation_problems
from rpl.core.languages import language_codes
from rpl.core.profiles import load_profiles
from rpl.core.selfcheck import SelfCheckAnswers, self_check
from rpl.present.assessment import for_clinician, for_patient
from rpl.present.selfcheck import for_self_check
from rpl.present.text import clinician_text
from rpl.present.translate import translator
from tests.present.test_assessment_views import _cases, _texts

PROFILES = load_profiles()
TRANSLATED = [code for code in language_codes() if code != "en"]
TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_patient_view_breaks_the_glossary(language):
    tr = translator(language)
    found = set()
    for (_name, case), profile in product(list(_cases()), PROFILES.values()):
        view = for_patient(assess(case, profile), case.record, tr, tr.date(TODAY))
        for where, text in _texts(view):
            if text.lang != tr.lang:  # a source's own title, marked with its language
                continue
            for problem in problems(language, text.text):
                found.add(f"{where}: {problem}")
    assert not found, f"{language}: {len(found)} problems:\n" + "\n".join(sorted(found))


SELF_CHECKS = [
    SelfCheckAnswers(losses=3, age_years=31, smoking="current", height_cm=158, weight_kg=80),
    SelfCheckAnswers(losses=2, loss_weeks=[8, 18], age_years=38),
    SelfCheckAnswers(losses=4),  # no age: the prognosis note says what it needs
    SelfCheckAnswers(losses=1, age_years=25),
]


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_self_check_result_breaks_the_glossary(language):
    tr = translator(language)
    found = set()
    for answers, profile in product(SELF_CHECKS, PROFILES.values()):
        view = for_self_check(self_check(answers, profile, TODAY), tr)
        for where, text in _texts(view):
            if text.lang != tr.lang:  # a source's own title, marked with its language
                continue
            for problem in problems(language, text.text):
                found.add(f"{where}: {problem}")
    assert not found, f"{language}: {len(found)} problems:\n" + "\n".join(sorted(found))


def test_no_chinese_clinician_view_or_text_has_ascii_punctuation_inside_chinese():
    """Staff text keeps English names of sources and codes, so only the punctuation is
    checked: the presenter's own joins (label：value, （aside）) take the language's marks."""
    tr = translator("zh-hans")
    found = set()
    cases = list(_cases())
    for (_name, case), profile in product(cases, PROFILES.values()):
        view = for_clinician(assess(case, profile), tr)
        for where, text in _texts(view):
            if text.lang != tr.lang:
                continue
            for problem in punctuation_problems("zh-hans", text.text):
                found.add(f"{where}: {problem}")
    for name, case in cases[:12]:
        text = clinician_text(for_clinician(assess(case, PROFILES["eshre-2022"]), tr), tr)
        for problem in punctuation_problems("zh-hans", text):
            found.add(f"text {name}: {problem}")
    assert not found, f"{len(found)} problems:\n" + "\n".join(sorted(found))


def test_the_chinese_label_separator_and_brackets_come_from_the_language():
    tr = translator("zh-hans")
    assert tr.labelled("方案", "欧洲") == "方案：欧洲"
    assert tr.bracketed("未分级") == "（未分级）"
    assert translator("vi").labelled("Hồ sơ", "A") == "Hồ sơ: A"
    assert punctuation_problems("zh-hans", "(未分级)") != []
    assert punctuation_problems("zh-hans", "方案: 欧洲") != []
    assert punctuation_problems("zh-hans", "见 https://example.org/a.b 和 `rpl assess`") == []
