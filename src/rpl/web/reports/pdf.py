"""Printable reports (PDF, WeasyPrint) in the couple's language.

Two audiences: `clinician` (every section of the assessment with citations, strength labels,
evidence status and each rule's review state) and `patient` (the plan in plain words, with
what to do in an emergency). Labels go through gettext (catalogs in this app's locale/);
engine sentences are passed to gettext too, so they translate once catalogs carry them.
Fonts: Noto Sans and Noto Sans CJK SC (Debian fonts-noto-core, fonts-noto-cjk), installed by
scripts/system-deps.sh. Nothing is fetched from the network while rendering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rpl.core.assessment import assess
from rpl.core.parsing import CheckedRecord
from rpl.core.profiles import Profile
from rpl.web.clinic import presenting
from rpl.web.clinic.selectors import ReviewState
from rpl.web.engine_text import engine_text

AUDIENCES = ("clinician", "patient")

# Plain names for the patient report: the tests of the record vocabulary, then other plan codes.
# A code without a plain name yet shows as its words.
TEST_NAMES = {
    "tissue_genetics": gettext_noop("Genetic test of the pregnancy tissue"),
    "karyotype": gettext_noop("Chromosome blood test"),
    "lupus_anticoagulant": gettext_noop(
        "Blood test for antiphospholipid antibodies (lupus anticoagulant)"
    ),
    "anticardiolipin_igg": gettext_noop(
        "Blood test for antiphospholipid antibodies (anticardiolipin)"
    ),
    "anticardiolipin_igm": gettext_noop(
        "Blood test for antiphospholipid antibodies (anticardiolipin)"
    ),
    "anti_b2gp1_igg": gettext_noop(
        "Blood test for antiphospholipid antibodies (anti-β2-glycoprotein I)"
    ),
    "anti_b2gp1_igm": gettext_noop(
        "Blood test for antiphospholipid antibodies (anti-β2-glycoprotein I)"
    ),
    "hereditary_thrombophilia_screen": gettext_noop("Blood test for inherited clotting disorders"),
    "tsh": gettext_noop("Thyroid blood test (TSH)"),
    "free_t4": gettext_noop("Thyroid hormone blood test (free T4)"),
    "tpo_antibodies": gettext_noop("Thyroid antibody blood test (TPO antibodies)"),
    "prolactin": gettext_noop("Hormone blood test (prolactin)"),
    "hba1c": gettext_noop("Blood sugar test (HbA1c)"),
    "fasting_glucose": gettext_noop("Fasting blood sugar test"),
    "fasting_insulin": gettext_noop("Fasting insulin blood test"),
    "ovarian_reserve": gettext_noop("Test of the egg reserve (ovarian reserve)"),
    "luteal_phase_progesterone": gettext_noop("Progesterone blood test"),
    "androgens": gettext_noop("Blood test for androgen hormones"),
    "lh": gettext_noop("Hormone blood test (LH)"),
    "homocysteine": gettext_noop("Homocysteine blood test"),
    "vitamin_d": gettext_noop("Vitamin D blood test"),
    "full_blood_count": gettext_noop("Full blood count"),
    "uterine_imaging": gettext_noop("Scan of the womb"),
    "sperm_dna_fragmentation": gettext_noop("Sperm DNA test"),
    "antinuclear_antibodies": gettext_noop("Antinuclear antibody blood test"),
    "nk_cells": gettext_noop("Natural killer cell test"),
    "hla_typing": gettext_noop("HLA typing"),
    "cytokines": gettext_noop("Cytokine tests"),
    "anti_hla_antibodies": gettext_noop("Anti-HLA antibody test"),
    "infection_screen": gettext_noop("Tests for infection"),
    "cervical_length": gettext_noop("Scan to measure the cervix"),
    # Codes the engine uses for investigations beyond single tests.
    "anti_b2gp1_antibodies": gettext_noop(
        "Blood test for antiphospholipid antibodies (anti-β2-glycoprotein I)"
    ),
    "anticardiolipin_antibodies": gettext_noop(
        "Blood test for antiphospholipid antibodies (anticardiolipin)"
    ),
    "parental_karyotype": gettext_noop("Chromosome blood test for both partners"),
    "uterine_assessment": gettext_noop("Scan of the womb"),
    # Treatments, next-pregnancy care and advice.
    "folic_acid": gettext_noop("Take folic acid before and in early pregnancy"),
    "stop_smoking": gettext_noop("Stop smoking"),
    "limit_alcohol": gettext_noop("Cut down on alcohol"),
    "limit_caffeine": gettext_noop("Cut down on caffeine"),
    "healthy_weight": gettext_noop("Aim for a healthy weight"),
    "psychological_support": gettext_noop("Emotional support"),
    "early_pregnancy_unit_care": gettext_noop("Early check-ups in your next pregnancy"),
    "refer_rpl_clinic": gettext_noop("Care at a specialist clinic for pregnancy loss"),
    "genetic_counselling": gettext_noop("Talk with a genetics specialist"),
}
SECTION_TITLES = {
    "classification": gettext_noop("Classification"),
    "investigations": gettext_noop("Investigations"),
    "findings": gettext_noop("Findings"),
    "treatments": gettext_noop("Treatments"),
    "next_pregnancy": gettext_noop("Next pregnancy"),
    "advice": gettext_noop("Advice"),
    "prognosis": gettext_noop("Prognosis"),
    "triage": gettext_noop("Triage (current pregnancy)"),
    "missing_data": gettext_noop("Missing data"),
    "rules_fired": gettext_noop("Rules fired"),
}
REVIEW_LABELS = {
    "not_needed": gettext_noop("no review needed (evidence checked in the source)"),
    "awaiting": gettext_noop("awaiting clinical review"),
    "approved": gettext_noop("approved by clinical review"),
    "changes_needed": gettext_noop("clinical review asked for changes"),
    "stale": gettext_noop("reviewed before its citations changed; awaiting a new review"),
    "unknown": gettext_noop("review state not available"),
}
EVIDENCE_LABELS = {
    "verified": gettext_noop("verified"),
    "secondary": gettext_noop("secondary"),
    "unverified": gettext_noop("unverified"),
}

FONTS = {
    "zh-hans": '"Noto Sans CJK SC", "Noto Sans", sans-serif',
}
DEFAULT_FONTS = '"Noto Sans", "Noto Sans CJK SC", sans-serif'


@dataclass(frozen=True)
class PlanLine:
    name: str
    status: str
    recommendation: str


def plain_name(code: str) -> str:
    """The test's plain name in the active language; unknown codes read as words."""
    return _(TEST_NAMES[code]) if code in TEST_NAMES else code.replace("_", " ")


def tr(text: str) -> str:
    """A label or an engine text in the active language (English where a part is missing).

    Never gettext("") itself: its translation is the catalogue's header.
    """
    return engine_text(text).text if text else text


def _translated_item(item: presenting.Item) -> presenting.Item:
    return presenting.Item(
        code=item.code,
        rule=item.rule,
        fields=[(tr(name), tr(value)) for name, value in item.fields],
        citations=item.citations,
    )


def _translated_sections(sections: list[presenting.Section]) -> list[presenting.Section]:
    translated = []
    for section in sections:
        title = _(SECTION_TITLES[section.key]) if section.key in SECTION_TITLES else section.title
        translated.append(
            replace(
                section,
                title=title,
                items=[_translated_item(item) for item in section.items],
                empty_text=tr(section.empty_text),
                fields=[(tr(name), tr(value)) for name, value in section.fields],
                lists=[(tr(name), [tr(e) for e in entries]) for name, entries in section.lists],
                details=[_translated_item(item) for item in section.details],
                details_title=tr(section.details_title),
            )
        )
    return translated


def report_context(
    checked: CheckedRecord,
    profile: Profile,
    *,
    audience: str,
    reviews: Mapping[str, ReviewState] | None,
    generated_on: dt.date,
) -> dict[str, Any]:
    """What the templates show; call inside `translation.override(language)`."""
    assessment = assess(checked, profile)
    classification = assessment.classification
    review_labels = {
        rule_id: _(
            REVIEW_LABELS[reviews[rule_id].status if reviews and rule_id in reviews else "unknown"]
        )
        for rule_id in assessment.rules_fired
    }
    plan = [
        PlanLine(plain_name(i.code), i.status, i.recommendation) for i in assessment.investigations
    ]
    other_plan = {
        key: [plain_name(p.code) for p in getattr(assessment, key)]
        for key in ("treatments", "next_pregnancy", "advice")
    }
    return {
        "audience": audience,
        "assessment": assessment,
        "record": checked.record,
        "profile": profile,
        "generated_on": generated_on,
        "sections": _translated_sections(presenting.sections(assessment)),
        "review_labels": review_labels,
        "evidence_labels": {k: _(v) for k, v in EVIDENCE_LABELS.items()},
        "to_do": [p for p in plan if p.status in ("to_do", "repeat")],
        "done": [p for p in plan if p.status == "done"],
        "not_needed": [p for p in plan if p.status == "not_needed"],
        "other_plan": other_plan,
        "meets_definition": classification.meets_definition,
        "losses_counted": classification.losses_counted,
        "pregnancies": len(checked.record.pregnancies),
        "missing_count": len(assessment.missing_data),
        "triage": assessment.triage,
    }


def render_html(
    checked: CheckedRecord,
    profile: Profile,
    *,
    audience: str,
    language: str,
    reviews: Mapping[str, ReviewState] | None = None,
    generated_on: dt.date | None = None,
) -> str:
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}")
    with translation.override(language):
        context = report_context(
            checked,
            profile,
            audience=audience,
            reviews=reviews,
            generated_on=generated_on or timezone.localdate(),
        )
        context["language"] = language
        context["fonts"] = FONTS.get(language, DEFAULT_FONTS)
        return render_to_string(f"reports/{audience}.html", context)


def render_report(
    checked: CheckedRecord,
    profile: Profile,
    *,
    audience: str,
    language: str,
    reviews: Mapping[str, ReviewState] | None = None,
    generated_on: dt.date | None = None,
) -> bytes:
    """The report as PDF bytes."""
    from weasyprint import HTML

    html = render_html(
        checked,
        profile,
        audience=audience,
        language=language,
        reviews=reviews,
        generated_on=generated_on,
    )
    # The HTML links to nothing (styles are inline, values are escaped), so nothing is fetched.
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
