"""TX and NP rules: treatments, and the plan for the next pregnancy.

Treatment rules run after the findings, so they act on what the results showed (APS,
thyroid, uterus, genetics). Treatments a guideline advises against are listed with
`not_recommended` and the reason once the definition is met: couples ask about them.
Where a source states something as information rather than a graded recommendation, the
rule says which way it leans in `recommendation` and the reason says how firm it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rpl.core.calculators import CalculatorInputError, build_input, run
from rpl.core.calculators.base import CalculationResult, load_data
from rpl.core.gestation import GestationalAge
from rpl.core.record import Pregnancy, Result, pregnant_now
from rpl.core.results import read_result
from rpl.core.rules import aps
from rpl.core.rules.interpretation import bmi_class, is_obesity
from rpl.core.rules.registry import Emitted, Rule, RuleContext, When, collect_into
from rpl.core.text import fill, sentences, template
from rpl.core.text import gettext_noop as _
from rpl.core.vocabulary import Recommendation

RULES: list[Rule] = []
rule = collect_into(RULES)


def _meets(context: RuleContext) -> bool:
    return context.classification.meets_definition is True


MET = When(definition_met=True)
UTERINE_FINDINGS = (
    "uterine_septate",
    "uterine_bicorporeal",
    "intrauterine_adhesions",
    "submucosal_fibroid",
    "endometrial_polyp",
)


def _cites(context: RuleContext, recommendation_id: str) -> bool:
    return context.cites(recommendation_id)


@rule(
    "TX01",
    "Low-dose aspirin plus heparin for antiphospholipid syndrome, by number of losses",
    {
        "eshre-2022": ["ESHRE-TX-APS-01", "ESHRE-TX-APS-02", "RCOG-TX-03"],
        "rcog-2023": ["RCOG-TX-03"],
        "asrm-2012": ["ASRM-TX-01"],
    },
)
def aspirin_heparin_aps(context: RuleContext) -> Sequence[Emitted] | None:
    """Met (either criteria set, or a known diagnosis) gives the treatment; possible or
    awaiting a repeat test says what would settle it and that the treatment would follow."""
    known = "antiphospholipid_syndrome" in (context.checked.record.woman.conditions or [])
    if known:
        return _aps_treatment(context)
    if not context.results(*aps.APL_TESTS):
        return None
    found = aps.evaluation(context)
    if "present" in (found.sydney.status, found.acr.status):
        return _aps_treatment(context)
    if found.lab == "present" and _eshre_counts(context):
        return _aps_treatment(context)
    losses = context.classification.losses_counted
    if _eshre_counts(context):
        if found.lab != "possible":
            return None
        three = losses >= 3
        follows = APS_THEN_ESHRE_THREE if three else APS_THEN_ESHRE_TWO
        needs: Sequence[str] = found.lab_needs
        citing = ["ESHRE-TX-APS-01" if three else "ESHRE-TX-APS-02"]
    else:
        asrm = _cites(context, "ASRM-TX-01")
        citing = ["ASRM-TX-01"] if asrm else ["RCOG-TX-03"]
        if found.sydney.status == "possible" and found.sydney.needs:
            follows = APS_THEN_ASRM if asrm else APS_THEN_RCOG
            needs = found.sydney.needs
        elif found.lab == "present":
            # Antibodies confirmed without a clinical criterion: never silence; say who decides.
            return [
                context.plan(
                    "treatments",
                    "aspirin_heparin_aps",
                    APS_NO_CLINICAL,
                    recommendation="undecided",
                    citing=citing,
                )
            ]
        else:
            return None
    reason = sentences(APS_NOT_SETTLED, *needs, follows)
    return [
        context.plan(
            "treatments", "aspirin_heparin_aps", reason, recommendation="undecided", citing=citing
        )
    ]


def _pregnant_now(context: RuleContext) -> bool:
    """A current pregnancy not known to be ectopic: care for this pregnancy, not the next."""
    return pregnant_now(context.checked.record)


def _eshre_counts(context: RuleContext) -> bool:
    """ESHRE's recommendation asks only for the laboratory criteria and two or more losses."""
    return _cites(context, "ESHRE-TX-APS-01") and context.classification.losses_counted >= 2


def _aps_treatment(context: RuleContext) -> Sequence[Emitted]:
    code = "aspirin_heparin_aps"
    if _eshre_counts(context):
        if context.classification.losses_counted >= 3:
            # Pregnant now, the positive test has come: the treatment starts now, not "next".
            reason = APS_ESHRE_THREE_NOW if _pregnant_now(context) else APS_ESHRE_THREE
            return [context.plan("treatments", code, reason, citing=["ESHRE-TX-APS-01"])]
        return [context.plan("treatments", code, APS_ESHRE_TWO, citing=["ESHRE-TX-APS-02"])]
    if _cites(context, "RCOG-TX-03"):
        eshre = _cites(context, "ESHRE-TX-APS-01")
        reason = sentences(APS_ESHRE_FEW, APS_RCOG) if eshre else APS_RCOG
        return [context.plan("treatments", code, reason, citing=["RCOG-TX-03"])]
    return [context.plan("treatments", code, APS_ASRM, recommendation="recommended")]


APS_ESHRE_THREE = _(
    "Antiphospholipid syndrome with three or more losses: low-dose aspirin from before"
    " conception and prophylactic heparin from the positive pregnancy test may be offered."
)
APS_ESHRE_THREE_NOW = _(
    "Antiphospholipid syndrome with three or more losses, and she is pregnant now: prophylactic"
    " heparin from now, with low-dose aspirin, may be offered (the recommendation starts aspirin"
    " before conception and heparin at the positive pregnancy test)."
)
APS_ESHRE_TWO = _(
    "Antiphospholipid syndrome with two losses: treatment with aspirin and heparin is"
    " advised only within research."
)
APS_ESHRE_FEW = _(
    "ESHRE's recommendation covers women with two or more losses; for antiphospholipid"
    " syndrome after a single loss, RCOG's advice is given."
)
APS_RCOG = _(
    "Antiphospholipid syndrome: low-dose aspirin plus heparin should be considered in"
    " pregnancy to prevent another miscarriage."
)
APS_ASRM = _("Antiphospholipid syndrome: prophylactic heparin plus low-dose aspirin.")
APS_NOT_SETTLED = _("Antiphospholipid syndrome is possible but not settled yet.")
APS_THEN_ESHRE_THREE = _(
    "If it is confirmed, low-dose aspirin from before conception and prophylactic heparin from"
    " the positive pregnancy test may be offered."
)
APS_THEN_ESHRE_TWO = _(
    "If it is confirmed, aspirin and heparin would be offered only within research, as for"
    " antiphospholipid syndrome with two losses."
)
APS_THEN_RCOG = _(
    "If it is confirmed, low-dose aspirin plus heparin should be considered in pregnancy."
)
APS_THEN_ASRM = _("If it is confirmed, prophylactic heparin plus low-dose aspirin would follow.")
APS_NO_CLINICAL = _(
    "Antiphospholipid antibodies are confirmed, but the pregnancy history does not meet a"
    " clinical criterion of antiphospholipid syndrome: aspirin and heparin are for the"
    " clinician to decide."
)


@rule(
    "TX02",
    "No aspirin or heparin for unexplained recurrent loss",
    {"eshre-2022": ["ESHRE-TX-UNEXP-01"], "rcog-2023": ["RCOG-TX-04"]},
    when=MET,
)
def aspirin_heparin_unexplained(context: RuleContext) -> Sequence[Emitted] | None:
    """Only for losses that are unexplained, or may prove so once the workup is complete:
    never beside antiphospholipid syndrome that is met, possible or awaiting a repeat test."""
    if _aps_in_question(context):
        return None
    unexplained = {f.status for f in context.findings("unexplained_rpl")}
    if "present" in unexplained:
        reason = UNEXPLAINED_NO_ASPIRIN
    elif "possible" in unexplained:
        reason = IF_UNEXPLAINED_NO_ASPIRIN
    else:
        return None  # a cause was found: advice about unexplained losses does not apply
    return [context.plan("treatments", "aspirin_heparin_unexplained", reason)]


UNEXPLAINED_NO_ASPIRIN = _(
    "Aspirin or heparin has not been shown to help when the losses are unexplained, so"
    " it is not advised for that."
)
IF_UNEXPLAINED_NO_ASPIRIN = _(
    "If the remaining tests find no cause, aspirin or heparin would not be advised: they have"
    " not been shown to help when the losses are unexplained."
)


def _aps_in_question(context: RuleContext) -> bool:
    """Antiphospholipid syndrome known, met, possible, or its antibodies confirmed or
    awaiting confirmation."""
    if "antiphospholipid_syndrome" in (context.checked.record.woman.conditions or []):
        return True
    if not context.results(*aps.APL_TESTS):
        return False
    found = aps.evaluation(context)
    statuses = {found.sydney.status, found.acr.status, found.lab}
    return statuses != {"absent"}


@rule(
    "TX03",
    "No antithrombotic treatment for hereditary thrombophilia to prevent loss",
    {"eshre-2022": ["ESHRE-TX-THR-01"]},
    when=MET,
)
def antithrombotic_thrombophilia(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "antithrombotic_hereditary_thrombophilia",
            _(
                "Inherited thrombophilia is not a reason for blood thinners to prevent pregnancy"
                " loss, except in research or when they are needed to prevent thrombosis."
            ),
        )
    ]


@rule(
    "TX04",
    "Levothyroxine by thyroid finding",
    {
        "eshre-2022": ["ESHRE-TX-END-01", "ESHRE-TX-END-02", "ESHRE-TX-END-03", "NL-02"],
        "rcog-2023": ["RCOG-TX-07"],
        "asrm-2012": ["ASRM-TX-01", "ASRM-THY-01"],
    },
    when=When(any_result=("tsh", "tpo_antibodies")),
)
def levothyroxine(context: RuleContext) -> Sequence[Emitted] | None:
    """Levothyroxine by thyroid finding and profile.

    ASRM: its 2012 RPL opinion (ASRM-TX-01, as held) names hypothyroidism only, which is why
    subclinical hypothyroidism used to get nothing here; ASRM's guideline on subclinical
    hypothyroidism in women with infertility or miscarriage (ASRM-THY-01) treats a TSH above
    the laboratory's non-pregnant range, so it is cited for that finding.
    """
    code = "levothyroxine"
    if context.has_finding("overt_hypothyroidism"):
        reason = _("Overt hypothyroidism is treated with levothyroxine.")
        if _cites(context, "ESHRE-TX-END-01"):
            return [context.plan("treatments", code, reason, citing=["ESHRE-TX-END-01", "NL-02"])]
        citing = ["ASRM-TX-01"] if _cites(context, "ASRM-TX-01") else None
        return [
            context.plan("treatments", code, reason, recommendation="recommended", citing=citing)
        ]
    if context.has_finding("subclinical_hypothyroidism"):
        if _cites(context, "ASRM-THY-01"):
            reason = _(
                "Subclinical hypothyroidism (TSH above the laboratory's range, normal free T4):"
                " levothyroxine, aiming for a TSH below 2.5 mIU/L before pregnancy."
            )
            return [context.plan("treatments", code, reason, citing=["ASRM-THY-01"])]
        reason = _(
            "Subclinical hypothyroidism: levothyroxine may lower the risk of miscarriage; weigh"
            " the possible benefit against over-treatment."
        )
        citing = ["ESHRE-TX-END-02", "NL-02"] if _cites(context, "ESHRE-TX-END-02") else None
        return [
            context.plan("treatments", code, reason, recommendation="conditional", citing=citing)
        ]
    if context.findings("subclinical_hypothyroidism"):  # possible: TSH not yet decisive
        tsh = context.results("tsh")
        settle = TSH_NEEDS_FREE_T4 if tsh and read_result(tsh[-1]) == "abnormal" else TSH_UNREAD
        citing = (
            ["ESHRE-TX-END-01", "ESHRE-TX-END-02", "NL-02"]
            if _cites(context, "ESHRE-TX-END-01")
            else None
        )
        return [
            context.plan(
                "treatments",
                code,
                sentences(settle, HYPOTHYROID_THEN),
                recommendation="undecided",
                citing=citing,
            )
        ]
    if context.has_finding("thyroid_autoimmunity"):
        citing = ["ESHRE-TX-END-03", "NL-02"] if _cites(context, "ESHRE-TX-END-03") else None
        tsh = context.results("tsh")
        if not tsh or read_result(tsh[-1]) != "normal":
            # Antibodies alone are not treated only when thyroid function is known to be
            # normal: without a readable TSH, hypothyroidism (treated) is still open.
            return [
                context.plan(
                    "treatments",
                    code,
                    TPO_WITHOUT_TSH,
                    recommendation="undecided",
                    citing=citing,
                )
            ]
        if _cites(context, "ASRM-TX-01"):
            return None
        reason = _(
            "Thyroid antibodies with normal thyroid function: levothyroxine is not advised for"
            " this."
        )
        return [
            context.plan(
                "treatments", code, reason, recommendation="not_recommended", citing=citing
            )
        ]
    return None


TSH_NEEDS_FREE_T4 = _(
    "TSH is above the laboratory's range; free T4 is needed to tell overt from subclinical"
    " hypothyroidism."
)
TSH_UNREAD = _("The TSH result needs a unit and the laboratory's reference range to be read.")
HYPOTHYROID_THEN = _(
    "Overt hypothyroidism would be treated with levothyroxine; for subclinical hypothyroidism"
    " the guideline's advice on levothyroxine would follow."
)
TPO_WITHOUT_TSH = _(
    "TPO antibodies are positive but no readable TSH is on record, so thyroid function is"
    " unknown: measure TSH (and free T4 if TSH is outside the range). Hypothyroidism found"
    " that way is treated with levothyroxine; with a normal TSH, the antibodies alone are not"
    " a reason for it."
)
TSH_NEXT_PREGNANCY = _(
    "TPO antibodies are positive: check thyroid function (TSH) before trying again and early in"
    " the next pregnancy, because an underactive thyroid can develop in pregnancy."
)
TSH_THIS_PREGNANCY = _(
    "TPO antibodies are positive: check thyroid function (TSH) now, early in this pregnancy,"
    " because an underactive thyroid can develop in pregnancy."
)
ASRM_TSH_ABOVE_2_5 = _(
    "ASRM advises considering levothyroxine when TSH is above 2.5 mIU/L, and treating above it"
    " in the first trimester."
)


@rule(
    "NP07",
    "Thyroid function early in pregnancy when TPO antibodies are positive",
    {
        "eshre-2022": ["ESHRE-INV-END-03"],
        "rcog-2023": ["RCOG-TX-10"],
        "asrm-2012": ["ASRM-THY-02"],
    },
    when=When(any_finding=("thyroid_autoimmunity",)),
)
def tsh_early_pregnancy(context: RuleContext) -> Sequence[Emitted] | None:
    # Levothyroxine is not advised for TPO antibodies alone (TX04), which makes this check the
    # part of the plan that catches a thyroid that fails in pregnancy.
    reason = TSH_THIS_PREGNANCY if _pregnant_now(context) else TSH_NEXT_PREGNANCY
    if context.cites("ASRM-THY-02"):
        reason = sentences(reason, ASRM_TSH_ABOVE_2_5)
    return [context.plan("next_pregnancy", "tsh_early_pregnancy", reason)]


IMMUNOTHERAPY = {
    "prednisolone": _("Steroids (prednisolone) are not advised for recurrent loss."),
    "ivig": _("Intravenous immunoglobulin is not advised."),
    "intralipid": _("Intralipid infusions are not advised."),
    "g_csf": _("G-CSF is not advised."),
    "lymphocyte_immunisation": _(
        "Immunisation with the partner's white cells is not advised: no benefit, and safety"
        " concerns."
    ),
}


@rule(
    "TX05",
    "Immune treatments are not advised (steroids, IVIG, intralipid, G-CSF, lymphocytes)",
    {
        "eshre-2022": [
            "ESHRE-TX-IMM-01",
            "ESHRE-TX-IMM-02",
            "ESHRE-TX-IMM-03",
            "ESHRE-TX-IMM-04",
            "ESHRE-TX-IMM-05",
        ],
        "rcog-2023": ["RCOG-TX-06"],
        "asrm-2012": ["ASRM-TX-01"],
    },
    when=MET,
)
def immunotherapy(context: RuleContext) -> Sequence[Emitted] | None:
    named = context.cited_codes()
    asrm = _cites(context, "ASRM-TX-01")
    items = []
    for code, reason in IMMUNOTHERAPY.items():
        if code not in named:
            continue
        recommendation = "not_recommended" if asrm else None
        items.append(
            context.plan("treatments", code, reason, recommendation=recommendation)  # type: ignore[arg-type]
        )
    return items


@rule(
    "TX06",
    "No hCG and no metformin to prevent loss",
    {"eshre-2022": ["ESHRE-TX-END-06", "ESHRE-TX-END-07"]},
    when=MET,
)
def hcg_metformin(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "hcg",
            _("hCG injections have not been shown to raise the live-birth rate."),
        ),
        context.plan(
            "treatments",
            "metformin",
            _(
                "There is not enough evidence for metformin in pregnancy to prevent loss, even"
                " with a glucose problem."
            ),
        ),
    ]


@rule(
    "TX07",
    "A dopamine agonist for high prolactin",
    {"eshre-2022": ["ESHRE-TX-END-08"], "asrm-2012": ["ASRM-TX-01"]},
    when=When(any_finding=("hyperprolactinaemia",)),
)
def dopamine_agonist(context: RuleContext) -> Sequence[Emitted] | None:
    reason = _("High prolactin: a dopamine agonist such as bromocriptine could be considered.")
    recommendation = "recommended" if _cites(context, "ASRM-TX-01") else None
    return [context.plan("treatments", "dopamine_agonist", reason, recommendation=recommendation)]  # type: ignore[arg-type]


@rule(
    "TX08",
    "Surgery for uterine findings (septum, bicorporeal uterus, adhesions, fibroids, polyps)",
    {
        "eshre-2022": [
            "ESHRE-TX-ANAT-01",
            "ESHRE-TX-ANAT-02",
            "ESHRE-TX-ANAT-03",
            "ESHRE-TX-ANAT-04",
            "NICE-IPG510-01",
        ],
        "rcog-2023": ["RCOG-TX-08", "NICE-IPG510-01"],
        # ASRM's 2024 septum guideline is ASRM's current word on a septum; the 2012 opinion's
        # line (ASRM-TX-01) was never re-read.
        "asrm-2012": ["ASRM-TX-01", "ASRM-SEPT-01"],
    },
    when=When(any_finding=UTERINE_FINDINGS),
)
def uterine_surgery(context: RuleContext) -> Sequence[Emitted] | None:
    items = []
    if context.has_finding("uterine_septate"):
        if _cites(context, "ESHRE-TX-ANAT-01"):
            # ESHRE's wording as held: not routine care, only within research (research_only).
            reason = _(
                "Septate uterus: removing the septum is advised only within research, not as"
                " routine care; a randomised trial did not show more live births."
            )
            # The guidelines differ and ESHRE's wording is not verified: both views are shown,
            # never one dropped (the lead's question in docs/evidence/eshre-2022.md).
            items.append(
                context.plan(
                    "treatments",
                    "septum_resection",
                    sentences(reason, SEPTUM_NICE_DIFFERS),
                    recommendation="research_only",
                    citing=["ESHRE-TX-ANAT-01", "NICE-IPG510-01"],
                )
            )
        elif _cites(context, "RCOG-TX-08"):
            reason = _("Septate uterus: removing the septum only after discussion or in research.")
            items.append(
                context.plan(
                    "treatments",
                    "septum_resection",
                    sentences(reason, SEPTUM_NICE_DIFFERS),
                    recommendation="conditional",
                    citing=["RCOG-TX-08", "NICE-IPG510-01"],
                )
            )
        elif _cites(context, "ASRM-SEPT-01"):
            reason = _(
                "Septate uterus with recurrent miscarriage: removing the septum by hysteroscopy is"
                " recommended once the couple and the doctor have decided on it together; it has"
                " been shown to improve outcomes."
            )
            items.append(
                context.plan(
                    "treatments",
                    "septum_resection",
                    reason,
                    recommendation="recommended",
                    citing=["ASRM-SEPT-01"],
                )
            )
        else:
            reason = _("Septate uterus: removing the septum may be considered.")
            items.append(
                context.plan("treatments", "septum_resection", reason, recommendation="conditional")
            )
    if context.has_finding("uterine_bicorporeal") and _cites(context, "ESHRE-TX-ANAT-02"):
        items.append(
            context.plan(
                "treatments",
                "metroplasty",
                _("Reconstructive surgery is not advised for a bicorporeal uterus."),
                citing=["ESHRE-TX-ANAT-02"],
            )
        )
    if context.has_finding("intrauterine_adhesions") and _cites(context, "ESHRE-TX-ANAT-04"):
        items.append(
            context.plan(
                "treatments",
                "adhesiolysis",
                _(
                    "Adhesions inside the womb can be removed by hysteroscopy, taking care they do"
                    " not come back; a benefit on live birth is not established."
                ),
                citing=["ESHRE-TX-ANAT-04"],
            )
        )
    if context.has_finding("submucosal_fibroid", "endometrial_polyp") and _cites(
        context, "ESHRE-TX-ANAT-03"
    ):
        items.append(
            context.plan(
                "treatments",
                "fibroid_polyp_removal",
                _(
                    "There is not enough evidence that removing a fibroid inside the cavity or a"
                    " polyp improves the chance of a live birth; decide case by case."
                ),
                recommendation="conditional",
                citing=["ESHRE-TX-ANAT-03"],
            )
        )
    return items or None


SEPTUM_NICE_DIFFERS = _(
    "NICE's procedure guidance (2015, before the TRUST trial) judged the evidence good enough for"
    " hysteroscopic removal of a septum with the usual arrangements for consent and audit: the"
    " guidelines differ, and the clinician decides with the woman."
)
REARRANGEMENT_FINDINGS = ("parental_balanced_translocation", "parental_other_rearrangement")
COUNSELLING = _(
    "A chromosome rearrangement in a partner: genetic counselling about the chance of another"
    " loss or of a baby with an unbalanced rearrangement, and about every option (trying"
    " naturally, PGT-SR, donor gametes, adoption)."
)
PGT_SR = _(
    "PGT-SR (IVF with testing of the embryos for the unbalanced form of the rearrangement) is one"
    " option."
)
PGT_SR_NO_GAIN = _(
    "It has not been shown to raise the overall chance of a live birth compared with trying"
    " naturally."
)
PRENATAL_DIAGNOSIS = _(
    "Clinician to decide (no guideline source verified): prenatal diagnosis in a pregnancy"
    " (chorionic villus sampling or amniocentesis) can show whether the baby carries the"
    " unbalanced form of the rearrangement; discuss it in genetic counselling."
)


@rule(
    "TX09",
    "Genetic counselling and the options for a chromosome rearrangement in either partner",
    {
        "eshre-2022": ["ESHRE-TX-GEN-02", "GEN-PND-01"],
        "rcog-2023": ["RCOG-TX-09", "GEN-PND-01"],
        "asrm-2012": ["ASRM-TX-01", "GEN-PND-01"],
    },
    when=When(any_finding=REARRANGEMENT_FINDINGS),
)
def genetic_options(context: RuleContext) -> Sequence[Emitted] | None:
    """Counselling, PGT-SR and prenatal diagnosis side by side, each with its own source.

    No guideline wording on prenatal diagnosis for carriers was found (ESHRE 2022, RCOG 2023,
    ASRM 2012 searched): it is shown as the clinician's decision, not dropped (GEN-PND-01).
    """
    guideline = [r for r in context.cited_ids() if r != "GEN-PND-01"]
    # ESHRE and ASRM (as held) add that PGT-SR has not been shown to raise the live-birth rate.
    no_gain = not context.cites("RCOG-TX-09")
    return [
        context.plan(
            "treatments",
            "genetic_counselling",
            COUNSELLING,
            recommendation="recommended",
            citing=guideline,
        ),
        context.plan(
            "treatments",
            "pgt_sr",
            sentences(PGT_SR, PGT_SR_NO_GAIN if no_gain else None),
            recommendation="conditional",
            citing=guideline,
        ),
        context.plan(
            "treatments",
            "prenatal_diagnosis",
            PRENATAL_DIAGNOSIS,
            recommendation="undecided",
            citing=["GEN-PND-01"],
        ),
    ]


PGT_A_UNEXPLAINED = _(
    "Screening embryos for chromosome number (PGT-A) is not advised for unexplained loss."
)
PGT_A_IS_NOT_PGT_SR = _(
    "PGT-A screens embryos for missing or extra chromosomes; it is not PGT-SR, which looks for"
    " the unbalanced form of a parent's rearrangement. The guidelines advise against PGT-A for"
    " recurrent loss; with a rearrangement, PGT-SR is the option to discuss."
)


@rule(
    "TX10",
    "No PGT-A for unexplained recurrent loss",
    {"eshre-2022": ["ESHRE-TX-GEN-01"], "rcog-2023": ["RCOG-TX-05"]},
    when=MET,
)
def pgt_a(context: RuleContext) -> Sequence[Emitted] | None:
    # Beside PGT-SR (TX09), the advice against PGT-A says that the two are different tests.
    rearrangement = context.has_finding(*REARRANGEMENT_FINDINGS)
    return [
        context.plan(
            "treatments",
            "pgt_a",
            PGT_A_IS_NOT_PGT_SR if rearrangement else PGT_A_UNEXPLAINED,
        )
    ]


@rule(
    "TX11",
    "Emotional and psychological support for both partners",
    {
        "eshre-2022": ["ESHRE-ORG-02", "ESHRE-LIFE-07"],
        "rcog-2023": ["RCOG-CARE-01", "LAN-MIN-03"],
    },
    when=When(a_loss_counted=True),
)
def psychological_support(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "treatments",
            "psychological_support",
            _(
                "Pregnancy loss weighs on both partners: ask how they are coping and offer"
                " support. Stress has not been shown to cause the losses; no one is to blame."
            ),
            citing=[
                r.id
                for r in context.cited
                if r.id in ("ESHRE-ORG-02", "RCOG-CARE-01", "LAN-MIN-03")
            ],
        )
    ]


VITAMIN_D_NOW = _(
    "She is pregnant now: a vitamin D supplement, 10 micrograms a day throughout this pregnancy"
    " and while breastfeeding, is the general advice for every pregnant woman (ESHRE's"
    " suggestion is for the time before conception)."
)


@rule(
    "TX12",
    "Vitamin D before conception could be considered (in a pregnancy now: the general advice)",
    {"eshre-2022": ["ESHRE-TX-END-09", "NIF-SUPP-02"]},
    when=MET,
)
def vitamin_d(context: RuleContext) -> Sequence[Emitted] | None:
    if _pregnant_now(context):
        # ESHRE speaks of the time before conception; for a pregnancy now the line follows the
        # general antenatal advice rather than disappearing or staying "before conception".
        return [
            context.plan(
                "treatments", "vitamin_d_supplement", VITAMIN_D_NOW, citing=["NIF-SUPP-02"]
            )
        ]
    return [
        context.plan(
            "treatments",
            "vitamin_d_supplement",
            _("Vitamin D before conception could be considered."),
            citing=["ESHRE-TX-END-09"],
        )
    ]


@rule(
    "TX13",
    "Referral to a dedicated recurrent pregnancy loss clinic",
    {
        "eshre-2022": ["ESHRE-ORG-01", "NL-ORG-01"],
        "rcog-2023": ["LAN-GM-03", "LAN-GM-02"],
    },
    when=When(a_loss_counted=True),
)
def refer_clinic(context: RuleContext) -> Sequence[Emitted] | None:
    classification = context.classification
    if classification.meets_definition is not True:
        # RCOG's definition asks for three losses, but the graded model the engine reports as
        # care level 2 already offers care after two: list it, saying the definition is not met.
        if not (_cites(context, "LAN-GM-02") and classification.care_level == 2):
            return None
        reason = _(
            "This profile's definition of recurrent miscarriage is not met, or not yet known to"
            " be; after two miscarriages the graded model of care already offers a miscarriage"
            " clinic appointment with blood count, thyroid tests and a lifestyle review, and"
            " early reassurance scans in the next pregnancy."
        )
        return [context.plan("treatments", "refer_rpl_clinic", reason, citing=["LAN-GM-02"])]
    if _cites(context, "LAN-GM-03"):
        if context.classification.losses_counted >= 3:
            reason = _(
                "Three or more losses: care in a consultant-led recurrent miscarriage clinic with"
                " the full set of tests and treatments."
            )
            return [context.plan("treatments", "refer_rpl_clinic", reason, citing=["LAN-GM-03"])]
        reason = _(
            "A miscarriage clinic appointment with blood count, thyroid tests and a lifestyle"
            " review."
        )
        return [context.plan("treatments", "refer_rpl_clinic", reason, citing=["LAN-GM-02"])]
    return [
        context.plan(
            "treatments",
            "refer_rpl_clinic",
            _(
                "Care in a dedicated recurrent pregnancy loss clinic, ideally before a new"
                " pregnancy; tests do not always lead to a treatment."
            ),
        )
    ]


# --- the next pregnancy ---------------------------------------------------------------------


@rule(
    "NP01",
    "Progesterone for bleeding in early pregnancy after earlier miscarriage",
    {
        "eshre-2022": ["ESHRE-TX-END-05", "PRISM-04"],
        "rcog-2023": ["NICE-PROG-01", "NICE-PROG-02", "NICE-PROG-03", "RCOG-TX-02", "PRISM-04"],
    },
)
def progesterone_with_bleeding(context: RuleContext) -> Sequence[Emitted] | None:
    nice = _cites(context, "NICE-PROG-01")
    miscarriages = sum(p.outcome == "miscarriage" for p in context.checked.record.pregnancies)
    # NICE NG126 asks for at least one earlier miscarriage; ESHRE speaks of women with RPL.
    if not (miscarriages >= 1 if nice else _meets(context)):
        return None
    current = context.checked.record.current_pregnancy
    bleeding = current is not None and bool(
        {"bleeding_spotting", "bleeding_light", "bleeding_heavy"} & set(current.symptoms)
    )
    citing = ["NICE-PROG-01", "NICE-PROG-02", "NICE-PROG-03", "RCOG-TX-02"] if nice else None
    # Bleeding in the pregnancy she has now: a treatment for now, not for a next pregnancy
    # (a known ectopic pregnancy is no candidate: the plan then speaks of later pregnancies).
    if current is not None and bleeding and current.location != "ectopic":
        ga = current.gestational_age
        if current.location != "intrauterine":
            reason = _(
                "Bleeding now, but the pregnancy is not yet seen in the womb: progesterone is"
                " started only once a scan confirms an intrauterine pregnancy."
            )
        elif ga is not None and not ga.is_before_weeks(PROGESTERONE_TRIALS_BEFORE_WEEKS):
            # PRISM-04: the trials enrolled women bleeding in the first 12 weeks. Say so rather
            # than recommend; progesterone already started earlier is continued to 16 weeks.
            return [
                context.plan(
                    "treatments",
                    "progesterone_bleeding",
                    _(
                        "Bleeding now, at 12 weeks or later, is outside the trials of progesterone"
                        " for bleeding (they enrolled women bleeding in the first 12 weeks):"
                        " starting it now is for the clinician to decide. Progesterone started"
                        " earlier is continued to 16 weeks."
                    ),
                    recommendation="undecided",
                    citing=["PRISM-04", "NICE-PROG-02"] if nice else ["PRISM-04"],
                )
            ]
        elif nice:
            reason = _(
                "Bleeding now, in a pregnancy a scan shows in the womb, after an earlier"
                " miscarriage: vaginal micronised progesterone 400 mg twice daily, continued to"
                " 16 weeks if a heartbeat is seen."
            )
        else:
            reason = _(
                "Bleeding now, in a pregnancy a scan shows in the womb: vaginal progesterone may be"
                " offered."
            )
        return [context.plan("treatments", "progesterone_bleeding", reason, citing=citing)]
    if nice:
        reason = _(
            "If bleeding starts in early pregnancy and a scan shows the pregnancy in the womb,"
            " vaginal micronised progesterone 400 mg twice daily is advised."
        )
    else:
        reason = _(
            "If bleeding starts in early pregnancy, vaginal progesterone may be offered once a"
            " scan shows the pregnancy in the womb."
        )
    return [context.plan("next_pregnancy", "progesterone_bleeding", reason, citing=citing)]


# PRISM-04: women bleeding in the first 12 weeks of pregnancy.
PROGESTERONE_TRIALS_BEFORE_WEEKS = 12


@rule(
    "NP02",
    "No progesterone without bleeding",
    {
        "eshre-2022": ["ESHRE-TX-END-04", "NL-PROG-01"],
        "rcog-2023": ["NICE-PROG-04", "RCOG-TX-01"],
    },
    when=MET,
)
def progesterone_without_bleeding(context: RuleContext) -> Sequence[Emitted] | None:
    return [
        context.plan(
            "next_pregnancy",
            "progesterone_no_bleeding",
            _(
                "Progesterone without bleeding has not been shown to prevent another miscarriage"
                " and is not advised for that."
            ),
        )
    ]


SUPPORTIVE_CARE = _(
    "In the next pregnancy: supportive care with early reassurance scans and quick access to the"
    " early pregnancy unit."
)
SUPPORTIVE_CARE_NOW = _(
    "In this pregnancy: supportive care with early reassurance scans and quick access to the"
    " early pregnancy unit."
)
UNEXPLAINED_GOOD_CHANCE = _(
    "The losses are unexplained: the chance of a live birth next time is good, and supportive"
    " care is the treatment."
)
UNEXPLAINED = _("The losses are unexplained.")


@rule(
    "NP03",
    "Supportive care with early reassurance scans in the next pregnancy",
    {
        "eshre-2022": ["ESHRE-ORG-04", "ESHRE-TX-UNEXP-02"],
        "rcog-2023": ["RCOG-CARE-01"],
    },
    when=MET,
)
def early_pregnancy_care(context: RuleContext) -> Sequence[Emitted] | None:
    """Supportive care for every couple; once the losses are unexplained (IP11) the plan says
    so, and ESHRE's word that the chance of a live birth is good comes with it."""
    care = SUPPORTIVE_CARE_NOW if _pregnant_now(context) else SUPPORTIVE_CARE
    if not context.has_finding("unexplained_rpl"):
        return [
            context.plan(
                "next_pregnancy",
                "early_pregnancy_unit_care",
                care,
                citing=[r for r in context.cited_ids() if r != "ESHRE-TX-UNEXP-02"],
            )
        ]
    if context.cites("ESHRE-TX-UNEXP-02"):
        reason = sentences(UNEXPLAINED_GOOD_CHANCE, care)
    else:
        reason = sentences(UNEXPLAINED, care)
    return [context.plan("next_pregnancy", "early_pregnancy_unit_care", reason)]


@rule(
    "NP04",
    "Cerclage or cervical-length scans after a loss from painless cervical opening",
    {
        "eshre-2022": ["ESHRE-TX-ANAT-05"],
        "rcog-2023": ["CERC-RCOG-02"],
        "asrm-2012": ["CERC-ACOG-01"],
    },
    when=When(any_finding=("cervical_insufficiency_history",)),
)
def cervical_plan(context: RuleContext) -> Sequence[Emitted] | None:
    if _cites(context, "ESHRE-TX-ANAT-05"):
        return [
            context.plan(
                "next_pregnancy",
                "cerclage_history_indicated",
                _(
                    "After a second-trimester loss from cervical weakness, a stitch (cerclage) in"
                    " the next singleton pregnancy could be considered."
                ),
            ),
            context.plan(
                "next_pregnancy",
                "cervical_length_surveillance",
                _("Or regular scans of the cervix length, with a stitch if it shortens."),
            ),
        ]
    if _cites(context, "CERC-RCOG-02"):
        return [
            context.plan(
                "next_pregnancy",
                "cervical_length_surveillance",
                _(
                    "After a spontaneous second-trimester loss: regular transvaginal scans of the"
                    " cervix length; a stitch if it shortens."
                ),
            )
        ]
    return [
        context.plan(
            "next_pregnancy",
            "cerclage_history_indicated",
            _(
                "After a second-trimester loss from painless cervical opening, a stitch at about"
                " 13 to 14 weeks may be considered."
            ),
        )
    ]


FOLIC_ACID_USUAL = _(
    "Take the usual folic acid supplement, 400 micrograms a day, from before conception."
)
FOLIC_ACID_OBESITY = _(
    "BMI in the obesity range: RCOG advises a higher dose of folic acid, 5 mg a day on"
    " prescription, from at least a month before conception to the end of the first trimester."
)
FOLIC_ACID_NICE_DIFFERS = _(
    "NICE's 2025 guideline considers the usual 400 micrograms enough when weight is the only"
    " reason: agree the dose with the woman."
)
FOLIC_ACID_BMI_UNKNOWN = _(
    "The BMI is not recorded: with obesity RCOG advises a higher dose (5 mg a day)."
)
# Pregnant now: the same supplement for this pregnancy (NICE NG247 as reproduced; the Northern
# Ireland Formulary, read): started at once if not yet taken, until 12 weeks.
FOLIC_ACID_NOW = _(
    "She is pregnant now: the usual folic acid supplement, 400 micrograms a day, is for this"
    " pregnancy: start it now if she is not taking it, and continue until 12 weeks."
)
FOLIC_ACID_OBESITY_NOW = _(
    "She is pregnant now and her BMI is in the obesity range: RCOG advises a higher dose of"
    " folic acid, 5 mg a day on prescription, through the first trimester of this pregnancy;"
    " start it now if she is not taking it."
)
FOLIC_ACID_PAST = _(
    "She is past 12 weeks of this pregnancy, the time folic acid is advised for; before a next"
    " pregnancy it is taken again from before conception."
)
FOLIC_ACID_AGE_UNKNOWN = _(
    "The gestational age is not recorded: folic acid is advised until 12 weeks of pregnancy."
)
FOLIC_ACID_NOW_CITING = ["NIF-SUPP-01", "NICE-NUTR-02"]
FOLIC_ACID_UNTIL_WEEKS = 12  # both cited statements: until week 12 of pregnancy


@rule(
    "NP05",
    "Folic acid before conception, or now in a pregnancy to 12 weeks (5 mg with obesity)",
    {
        "eshre-2022": [
            "LAN-GM-01",
            "ESHRE-TX-END-10",
            "NICE-NUTR-01",
            "RCOG-OBESITY-01",
            *FOLIC_ACID_NOW_CITING,
        ],
        "rcog-2023": ["LAN-GM-01", "NICE-NUTR-01", "RCOG-OBESITY-01", *FOLIC_ACID_NOW_CITING],
    },
    when=When(a_loss_counted=True),
)
def folic_acid(context: RuleContext) -> Sequence[Emitted] | None:
    """The dose is said: 400 micrograms a day, or 5 mg a day with obesity (RCOG GTG 72).

    The sources differ for a raised BMI alone: RCOG GTG 72 (2018) advises 5 mg from a BMI of
    30 kg/m², NICE NG247 (2025) the usual dose; the item gives RCOG's advice, which its
    recommendation follows, and says that NICE differs. Obesity is the WHO class of the
    `bmi-class` calculator whatever the profile's cut-offs: RCOG's dose follows WHO's 30 kg/m².
    """
    result = bmi_class(context, cut_offs="who")
    usual = [
        r for r in context.cited_ids() if r != "RCOG-OBESITY-01" and r not in FOLIC_ACID_NOW_CITING
    ]
    if _pregnant_now(context):
        return _folic_acid_now(context, result)
    if is_obesity(result):
        return [
            context.plan(
                "next_pregnancy",
                "folic_acid",
                sentences(FOLIC_ACID_OBESITY, FOLIC_ACID_NICE_DIFFERS),
                citing=["RCOG-OBESITY-01", "NICE-NUTR-01"],
            )
        ]
    reason = sentences(FOLIC_ACID_USUAL, FOLIC_ACID_BMI_UNKNOWN if result is None else None)
    return [context.plan("next_pregnancy", "folic_acid", reason, citing=usual)]


def _folic_acid_now(context: RuleContext, bmi: CalculationResult | None) -> Sequence[Emitted]:
    """Pregnant now: folic acid for this pregnancy, until 12 weeks (RCOG's 5 mg with obesity,
    through the first trimester); past that, the line says so and keeps the next pregnancy's
    advice rather than disappearing."""
    current = context.checked.record.current_pregnancy
    age = current.gestational_age if current is not None else None
    obese = is_obesity(bmi)
    # RCOG's 5 mg runs through the first trimester (its end is the profile's setting, as the
    # classification reads it); the usual dose to 12 weeks (NIF-SUPP-01, NICE-NUTR-02).
    definition = context.profile.definition
    limit = definition.first_trimester_upper_weeks if obese else FOLIC_ACID_UNTIL_WEEKS
    if age is not None and not age.is_before_weeks(limit):
        usual = FOLIC_ACID_USUAL if not obese else FOLIC_ACID_OBESITY
        citing = ["RCOG-OBESITY-01", "NICE-NUTR-01"] if obese else FOLIC_ACID_NOW_CITING
        reason = sentences(FOLIC_ACID_PAST, usual)
        return [context.plan("next_pregnancy", "folic_acid", reason, citing=citing)]
    unknown_age = FOLIC_ACID_AGE_UNKNOWN if age is None else None
    if obese:
        reason = sentences(FOLIC_ACID_OBESITY_NOW, FOLIC_ACID_NICE_DIFFERS, unknown_age)
        citing = ["RCOG-OBESITY-01", "NICE-NUTR-01", *FOLIC_ACID_NOW_CITING]
    else:
        bmi_unknown = FOLIC_ACID_BMI_UNKNOWN if bmi is None else None
        reason = sentences(FOLIC_ACID_NOW, bmi_unknown, unknown_age)
        citing = FOLIC_ACID_NOW_CITING
    return [context.plan("next_pregnancy", "folic_acid", reason, citing=citing)]


# --- ultrasound-indicated cerclage in the current pregnancy ---------------------------------

# Features of an earlier birth that say it started on its own (the birth was spontaneous).
SPONTANEOUS_FEATURES = frozenset(
    {"preterm_prelabour_rupture_of_membranes", "painless_cervical_dilation"}
)
CERCLAGE_UNKNOWN = _(
    "Unknown whether a stitch for a short cervix (ultrasound-indicated cerclage) is advised in"
    " this pregnancy."
)
NEEDS_SCAN_DATE = _("Needs the date of the cervical-length scan.")
NEEDS_CURRENT_AGE = _("Needs the current gestational age.")
NEEDS_LENGTH = _("Needs the cervical length as a number with its unit (mm or cm).")
NEEDS_SPONTANEOUS = _(
    "Needs whether each earlier preterm birth started on its own (waters breaking early or"
    " painless opening of the cervix) or was planned."
)
NEEDS_PLAUSIBLE_LENGTH = _(
    "Needs a plausible cervical length (0 to 80 mm): check the value and its unit."
)
NEEDS_LOSS_AGE = _("Needs the gestational age of each earlier miscarriage.")
NOT_SAID_SINGLETON = _(
    "The record does not say whether this is a singleton pregnancy: this applies to a singleton"
    " pregnancy only; with twins or more it does not apply."
)
TWINS_NOT_COVERED = _(
    "This is a twin or higher-order pregnancy: the guideline's advice on a stitch for a short"
    " cervix is written for singleton pregnancies and does not decide it; the obstetric team"
    " decides."
)
BEFORE_WINDOW = template(
    _(
        "The scan was before %(from_weeks)d weeks, when the window for a stitch for a short cervix"
        " opens: repeat the cervical-length scan from then."
    )
)
MEASURED_WHOLE = template(
    _("Cervical length %(mm)d mm at %(weeks)d+%(days)d weeks of this pregnancy.")
)
MEASURED_TENTHS = template(
    _("Cervical length %(mm)d.%(tenths)d mm at %(weeks)d+%(days)d weeks of this pregnancy.")
)
CERCLAGE_REASONS: dict[str, tuple[Recommendation, str]] = {
    "conditional": (
        "conditional",
        _(
            "The cervix has shortened after an earlier spontaneous second-trimester loss or"
            " preterm birth: a stitch (ultrasound-indicated cerclage) may be offered; discuss it"
            " with the obstetric team."
        ),
    ),
    "not_recommended": (
        "not_recommended",
        _(
            "A short cervix without an earlier preterm birth or second-trimester loss: a stitch is"
            " not recommended for that alone. Other risk factors for preterm birth are not"
            " recorded here and would change this."
        ),
    ),
}
# The calculator's guideline for each recommendation a profile cites for this rule.
CERCLAGE_GUIDELINE = {"CERC-RCOG-02": "rcog-gtg75"}
CERCLAGE_CITING = {
    "rcog-gtg75": {
        "conditional": ["CERC-RCOG-02", "CERC-RCOG-06"],
        "not_recommended": ["CERC-RCOG-03", "CERC-RCOG-06"],
        "unknown": ["CERC-RCOG-02", "CERC-RCOG-03"],
    }
}
PRETERM_LIMIT_KEY = {"rcog-gtg75": "rcog_preterm_before_weeks"}
WINDOW_FROM_KEY = {"rcog-gtg75": "rcog_ultrasound_from_weeks"}


def _length_mm(result: Result) -> float | None:
    """The cervical length in mm: `measurements.cervical_length_mm` (docs/record-format.md),
    else the value when its unit says mm or cm; None otherwise (never a guessed unit)."""
    measured = (result.measurements or {}).get("cervical_length_mm")
    if measured is not None:
        return float(measured)
    if not isinstance(result.value, int | float):
        return None
    unit = (result.unit or "").strip().lower()
    if unit == "mm":
        return float(result.value)
    if unit == "cm":
        return float(result.value) * 10
    return None


def _whole_weeks(value: object) -> int:
    """A limit in weeks from the calculator's data file; a missing one is a data error, never 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"cerclage data: expected a number of weeks, got {value!r}")
    return int(value)


def _measured_text(length: float, age: GestationalAge) -> str | None:
    """The measurement as a sentence, when it is a whole number of tenths of a mm."""
    tenths = round(length * 10)
    if abs(length * 10 - tenths) > 1e-6:
        return None  # not shown rather than rounded: the decision used the exact value
    if tenths % 10 == 0:
        return fill(MEASURED_WHOLE, mm=tenths // 10, weeks=age.weeks, days=age.days)
    return fill(
        MEASURED_TENTHS, mm=tenths // 10, tenths=tenths % 10, weeks=age.weeks, days=age.days
    )


def _history(
    pregnancies: Sequence[Pregnancy], second_trimester_from: int, preterm_before: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Earlier pregnancies as the calculator's `previous_pregnancies`: those known to count,
    those that count only if an unknown turns out one way, and what is unknown.

    A miscarriage at or after the profile's first-trimester limit is a spontaneous
    second-trimester loss (a miscarriage is spontaneous; an induced abortion has its own
    outcome). A live birth or stillbirth before the preterm limit counts as a spontaneous
    preterm birth only when a feature says it began on its own (waters breaking early or
    painless cervical opening); otherwise its spontaneity is unknown. A miscarriage without a
    gestational age may have been a second-trimester loss: unknown.
    """
    known: list[dict[str, Any]] = []
    possible: list[dict[str, Any]] = []
    needs: list[str] = []
    for pregnancy in pregnancies:
        age = pregnancy.gestational_age
        if pregnancy.outcome == "miscarriage":
            if age is None:
                # Counted at the earliest second-trimester age when asked "what if it was one".
                stand_in = GestationalAge.of(second_trimester_from)
                possible.append(
                    {"kind": "spontaneous_second_trimester_loss", "gestational_age": stand_in}
                )
                if NEEDS_LOSS_AGE not in needs:
                    needs.append(NEEDS_LOSS_AGE)
            elif not age.is_before_weeks(second_trimester_from):
                known.append({"kind": "spontaneous_second_trimester_loss", "gestational_age": age})
        elif pregnancy.outcome in ("live_birth", "stillbirth") and age is not None:
            if not age.is_before_weeks(preterm_before):
                continue
            entry = {"kind": "spontaneous_preterm_birth", "gestational_age": age}
            if SPONTANEOUS_FEATURES & set(pregnancy.features):
                known.append(entry)
            else:
                possible.append(entry)
                if NEEDS_SPONTANEOUS not in needs:
                    needs.append(NEEDS_SPONTANEOUS)
    return known, possible, needs


def _cerclage_unknown(
    context: RuleContext, guideline: str, *needs: str | None, lead: bool = True
) -> list[Emitted]:
    return [
        context.plan(
            "next_pregnancy",
            "cerclage_ultrasound_indicated",
            sentences(CERCLAGE_UNKNOWN if lead else None, *needs),
            # Not the cited recommendations' own direction: the record cannot decide which
            # applies, and a default would read as advice.
            recommendation="undecided",
            citing=CERCLAGE_CITING[guideline]["unknown"],
        )
    ]


@rule(
    "NP06",
    "Ultrasound-indicated cerclage from a cervical-length scan in the current pregnancy",
    {"rcog-2023": ["CERC-RCOG-02", "CERC-RCOG-03", "CERC-RCOG-06"]},
    when=When(any_result=("cervical_length",)),
)
def cerclage_ultrasound(context: RuleContext) -> Sequence[Emitted] | None:
    """The `cerclage` calculator's ultrasound-indicated decision for the current pregnancy.

    Mapping the record to the calculator's input (also in docs/calculators.md):
    - gestational age at the scan: the current gestational age minus the days from the
      scan's date to `assessed_on`; a scan dated before this pregnancy is not about it.
      Without the scan's date or the current gestational age nothing is guessed: the item
      says what is unknown.
    - cervical length: the latest scan's `measurements.cervical_length_mm`, else its value
      in mm (cm times 10); any other or no unit is unknown, never assumed.
    - singleton: `current_pregnancy.features` holding `multiple_pregnancy` says twins or
      more; the calculator is then asked about a multiple pregnancy, and its "not covered"
      becomes an undecided item saying the guideline does not decide it. Otherwise the
      calculator is asked about a singleton and the reason says that it applies only to one.
    - a scan before the guideline's window (RCOG: 14+0 weeks) gives an undecided item asking
      for a scan in the window, rather than nothing.
    - earlier pregnancies: see `_history`. Where an unknown could change the answer, the
      calculator is run both ways; if the answers differ the item says what is needed.
    Decisions other than recommended / conditional / not_recommended (criteria not met, scan
    outside the guideline's window, not addressed) add nothing: the rule does not fire.
    """
    record = context.checked.record
    current = record.current_pregnancy
    if current is None or not pregnant_now(record):
        return None  # none, or a known ectopic pregnancy: no cervix to watch in this one
    guideline = next((g for r, g in CERCLAGE_GUIDELINE.items() if context.cites(r)), None)
    if guideline is None:
        return None
    scans = context.results("cervical_length")
    if current.gestational_age is None:
        return _cerclage_unknown(context, guideline, NEEDS_CURRENT_AGE)
    now = current.gestational_age.total_days
    in_pregnancy = [
        (result, now - (context.checked.assessed_on - result.date).days)
        for result in scans
        if result.date is not None and now - (context.checked.assessed_on - result.date).days >= 0
    ]
    if not in_pregnancy:
        if any(result.date is None for result in scans):
            return _cerclage_unknown(context, guideline, NEEDS_SCAN_DATE)
        return None  # every scan is from before this pregnancy
    scan, days = in_pregnancy[-1]  # the latest
    length = _length_mm(scan)
    if length is None:
        return _cerclage_unknown(context, guideline, NEEDS_LENGTH)
    age = GestationalAge(days)
    preterm_before = _whole_weeks(load_data("cerclage").number(PRETERM_LIMIT_KEY[guideline]).value)
    known, possible, needs = _history(
        record.pregnancies,
        context.profile.definition.first_trimester_upper_weeks,
        preterm_before,
    )
    multiple = "multiple_pregnancy" in current.features
    base = {
        "guideline": guideline,
        "singleton": not multiple,
        "cervical_length_mm": length,
        "current_gestational_age": age,
    }
    try:
        decision = _ultrasound_decision(base | {"previous_pregnancies": known})
        if possible:
            other = _ultrasound_decision(base | {"previous_pregnancies": known + possible})
            if other != decision:
                return _cerclage_unknown(context, guideline, *needs)
    except CalculatorInputError:
        return _cerclage_unknown(context, guideline, NEEDS_PLAUSIBLE_LENGTH)
    if decision == "not_covered":
        window_from = _whole_weeks(load_data("cerclage").number(WINDOW_FROM_KEY[guideline]).value)
        if multiple:
            return _cerclage_unknown(
                context, guideline, _measured_text(length, age), TWINS_NOT_COVERED, lead=False
            )
        if age.is_before_weeks(window_from):
            return _cerclage_unknown(
                context,
                guideline,
                _measured_text(length, age),
                fill(BEFORE_WINDOW, from_weeks=window_from),
                lead=False,
            )
    if decision not in CERCLAGE_REASONS:
        return None
    recommendation, words = CERCLAGE_REASONS[decision]
    return [
        context.plan(
            "next_pregnancy",
            "cerclage_ultrasound_indicated",
            sentences(_measured_text(length, age), words, NOT_SAID_SINGLETON),
            recommendation=recommendation,
            citing=CERCLAGE_CITING[guideline][decision],
        )
    ]


def _ultrasound_decision(inputs: dict[str, Any]) -> str:
    """The calculator's ultrasound-indicated decision (the one source of its criteria)."""
    value = run("cerclage", build_input("cerclage", inputs)).value
    # The cerclage calculator's value always has two parts; anything else says nothing here.
    return str(value["ultrasound_indicated"]) if isinstance(value, dict) else ""


@rule(
    "TX14",
    "Better glucose control before (or at once in) pregnancy when diabetes is not well controlled",
    {
        "eshre-2022": ["SIGN-DIAB-01"],
        "rcog-2023": ["SIGN-DIAB-01"],
        "asrm-2012": ["SIGN-DIAB-01"],
    },
    when=When(any_result=("hba1c",)),
)
def diabetes_control(context: RuleContext) -> Sequence[Emitted] | None:
    """A treatable cause reaches its treatment (issue 15's rule): glucose control with the
    diabetes team, with the targets of the source; now, when she is pregnant (an ectopic
    pregnancy is not one the antenatal team takes on). While IP13 leaves it possible, the line
    stays, undecided, saying what follows if it is confirmed."""
    if context.has_finding("uncontrolled_diabetes"):
        what = DIABETES_NOW if _pregnant_now(context) else DIABETES_BEFORE
        recommendation = "recommended"
    elif context.findings("uncontrolled_diabetes"):
        what, recommendation = DIABETES_IF_CONFIRMED, "undecided"
    else:
        return None
    return [
        context.plan(
            "treatments",
            "diabetes_control",
            sentences(what, DIABETES_TARGETS),
            recommendation=recommendation,  # type: ignore[arg-type]
            citing=["SIGN-DIAB-01"],
        )
    ]


DIABETES_BEFORE = _(
    "Diabetes not well controlled: improve glucose control with the diabetes team before trying"
    " again."
)
DIABETES_NOW = _(
    "Diabetes not well controlled and she is pregnant now: the diabetes and antenatal teams"
    " should see her as soon as possible to improve glucose control."
)
DIABETES_IF_CONFIRMED = _(
    "Not settled yet (the HbA1c finding says what is needed): if it is confirmed that she has"
    " diabetes that is not well controlled, glucose control with the diabetes team follows,"
    " before trying again or at once in a pregnancy."
)
# SIGN's figures in SIGN's unit only: a percentage beside them would be our own conversion.
DIABETES_TARGETS = _(
    "Aim for an HbA1c as low as can be reached without troublesome low blood sugar, below"
    " 48 mmol/mol if possible; pregnancy is best avoided while HbA1c is above 86 mmol/mol."
)
