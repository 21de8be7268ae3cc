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
from django.utils.translation import gettext_noop, pgettext_lazy

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
    "adhesiolysis": gettext_noop("Surgery to remove scar tissue inside the womb (adhesiolysis)"),
    "antithrombotic_hereditary_thrombophilia": gettext_noop(
        "Blood thinners for an inherited clotting disorder"
    ),
    "aspirin_heparin_aps": gettext_noop(
        "Low-dose aspirin and heparin for antiphospholipid syndrome"
    ),
    "aspirin_heparin_unexplained": gettext_noop("Aspirin or heparin when no cause is found"),
    "dopamine_agonist": gettext_noop("Medicine to lower prolactin (dopamine agonist)"),
    "fibroid_polyp_removal": gettext_noop("Removal of a fibroid or polyp inside the womb"),
    "metroplasty": gettext_noop("Surgery to reshape the womb (metroplasty)"),
    "septum_resection": gettext_noop("Surgery to remove a septum inside the womb"),
    "g_csf": gettext_noop("G-CSF injections"),
    "hcg": gettext_noop("hCG injections"),
    "intralipid": gettext_noop("Intralipid infusions"),
    "ivig": gettext_noop("Immunoglobulin infusions (IVIG)"),
    "levothyroxine": gettext_noop("Thyroid hormone tablets (levothyroxine)"),
    "lymphocyte_immunisation": gettext_noop("Lymphocyte immunisation"),
    "metformin": gettext_noop("Metformin"),
    "prednisolone": gettext_noop("Steroid tablets (prednisolone)"),
    "vitamin_d_supplement": gettext_noop("Vitamin D supplement"),
    "pgt_a": gettext_noop("Testing embryos for missing or extra chromosomes (PGT-A)"),
    "pgt_sr": gettext_noop("Testing embryos for a parent's chromosome rearrangement (PGT-SR)"),
    "prenatal_diagnosis": gettext_noop(
        "Testing the baby's chromosomes in pregnancy (prenatal diagnosis)"
    ),
    "tsh_early_pregnancy": gettext_noop("Thyroid blood test early in pregnancy (TSH)"),
    "partner_lifestyle": gettext_noop("Healthy lifestyle for the partner"),
    "cerclage_history_indicated": gettext_noop(
        "Stitch in the cervix because of a past loss (history-indicated cerclage)"
    ),
    "cerclage_ultrasound_indicated": gettext_noop(
        "Stitch in the cervix if scans show it shortening (ultrasound-indicated cerclage)"
    ),
    "cervical_length_surveillance": gettext_noop("Scans of the cervix in the next pregnancy"),
    "progesterone_bleeding": gettext_noop("Progesterone for bleeding in early pregnancy"),
    "progesterone_no_bleeding": gettext_noop("Progesterone without bleeding"),
}
# Findings, for the clinician report: clinical terms, not plain words.
FINDING_NAMES = {
    "aps_sydney_2006": gettext_noop("Antiphospholipid syndrome (Sydney 2006 criteria)"),
    "aps_acr_eular_2023": gettext_noop("Antiphospholipid syndrome (2023 ACR/EULAR criteria)"),
    "cervical_insufficiency_history": gettext_noop("History of cervical insufficiency"),
    "endometrial_polyp": gettext_noop("Endometrial polyp"),
    "submucosal_fibroid": gettext_noop("Submucosal fibroid"),
    "hyperprolactinaemia": gettext_noop("Hyperprolactinaemia"),
    "intrauterine_adhesions": gettext_noop("Intrauterine adhesions"),
    "obesity": gettext_noop("Obesity"),
    "overweight": gettext_noop("Overweight"),
    "high_sperm_dna_fragmentation": gettext_noop("High sperm DNA fragmentation"),
    "underweight": gettext_noop("Underweight"),
    "overt_hypothyroidism": gettext_noop("Overt hypothyroidism"),
    "subclinical_hypothyroidism": gettext_noop("Subclinical hypothyroidism"),
    "thyroid_autoimmunity": gettext_noop("Thyroid autoimmunity"),
    "parental_balanced_translocation": gettext_noop("Balanced translocation in a partner"),
    "parental_other_rearrangement": gettext_noop("Other chromosome rearrangement in a partner"),
    "smoking": gettext_noop("Smoking"),
    "tissue_aneuploidy": gettext_noop("Aneuploidy in the pregnancy tissue"),
    "tissue_unbalanced_structural": gettext_noop(
        "Unbalanced structural chromosome abnormality in the pregnancy tissue"
    ),
    "unexplained_rpl": gettext_noop("Unexplained recurrent pregnancy loss"),
    "uterine_septate": gettext_noop("Septate uterus"),
    "uterine_bicorporeal": gettext_noop("Bicorporeal uterus"),
}
# The classification's type: its own context, as `secondary` alone is the evidence status.
RPL_TYPES = {
    "primary": pgettext_lazy("type of recurrent pregnancy loss", "primary"),
    "secondary": pgettext_lazy("type of recurrent pregnancy loss", "secondary"),
}
# Strength labels in our own words; a source's own grade (Grade B, GPP) is shown as it is.
STRENGTH_LABELS = (
    gettext_noop("strong"),
    gettext_noop("offer"),
    gettext_noop("ungraded"),
    gettext_noop("classification criteria (ungraded)"),
    gettext_noop("definition"),
)
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


def _field(name: str, value: str) -> tuple[str, str]:
    if name == presenting.LABELS["type"] and value in RPL_TYPES:
        return tr(name), str(RPL_TYPES[value])
    return tr(name), tr(value)


def _heading(section: str, item: presenting.Item) -> str:
    """An item's heading: the plan code's or finding's name, a definition setting as
    'setting = value', otherwise (a record path, a rule id) as the staff pages show it."""
    if section == "findings" and item.key in FINDING_NAMES:
        return _(FINDING_NAMES[item.key])
    if section == "classification" and item.key and " = " in item.code:
        value = item.code.split(" = ", 1)[1]
        return f"{tr(presenting.label(item.key))} = {tr(value)}"
    if item.key in TEST_NAMES:
        return _(TEST_NAMES[item.key])
    return tr(item.code)


def _translated_citations(citations: list[presenting.Citation]) -> list[presenting.Citation]:
    return [replace(c, strength=tr(c.strength)) for c in citations]


def _translated_item(section: str, item: presenting.Item) -> presenting.Item:
    return replace(
        item,
        code=_heading(section, item),
        fields=[_field(name, value) for name, value in item.fields],
        citations=_translated_citations(item.citations),
    )


def _translated_sections(sections: list[presenting.Section]) -> list[presenting.Section]:
    translated = []
    for section in sections:
        title = _(SECTION_TITLES[section.key]) if section.key in SECTION_TITLES else section.title
        translated.append(
            replace(
                section,
                title=title,
                items=[_translated_item(section.key, item) for item in section.items],
                empty_text=tr(section.empty_text),
                fields=[_field(name, value) for name, value in section.fields],
                lists=[(tr(name), [tr(e) for e in entries]) for name, entries in section.lists],
                citations=_translated_citations(section.citations),
                details=[_translated_item(section.key, item) for item in section.details],
                details_title=tr(section.details_title),
                level=tr(section.level) if section.level else section.level,
            )
        )
    return translated


def _plan_groups(items: list[Any]) -> dict[str, list[Any]]:
    """One plan section for the patient: what the guidelines support (`advised`, conditional
    ones marked), what they advise against (`against`) and what the record cannot decide yet
    (`undecided`). A patient must never read an advised-against or undecided item (IVIG,
    intralipid, ...) among the things to discuss."""
    groups: dict[str, list[Any]] = {"advised": [], "against": [], "undecided": []}
    for item in items:
        name = plain_name(item.code)
        if item.recommendation in ("recommended", "conditional"):
            groups["advised"].append(PlanLine(name, "", item.recommendation))
        elif item.recommendation == "undecided":
            groups["undecided"].append(name)
        else:
            groups["against"].append(name)
    return groups


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
        key: _plan_groups(getattr(assessment, key))
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
