"""IV rules: which tests to offer, consider or advise against, and where each one stands.

Investigation rules apply once the profile's definition of recurrent pregnancy loss is met.
A test the profile advises against is still listed (with `not_recommended` and the reason):
couples and clinicians ask about them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rpl.core.record import Pregnancy, Result
from rpl.core.results import ResultReading, overall_reading, read_result
from rpl.core.rules import aps
from rpl.core.rules.interpretation import uterine_measurements_reading
from rpl.core.rules.registry import Emitted, Rule, RuleContext, When, collect_into
from rpl.core.text import fill, sentences, template
from rpl.core.text import gettext_noop as _

RULES: list[Rule] = []
rule = collect_into(RULES)

Status = Literal["to_do", "done", "repeat"]
Reading = Literal["normal", "abnormal", "indeterminate"]


# Investigation rules apply once the profile's definition is met.
MET = When(definition_met=True)


def _standing(context: RuleContext, tests: Sequence[str]) -> tuple[Status, Reading | None]:
    """to_do without a result; done with the overall reading otherwise."""
    results = context.results(*tests)
    if not results:
        return "to_do", None
    return "done", overall_reading(results)


def _antiphospholipid_standing(
    context: RuleContext, tests: Sequence[str]
) -> tuple[Status, Reading | None, str | None]:
    """Where these antiphospholipid tests stand, read as the criteria read them (rules/aps):
    a positive result is not a diagnosis until a repeat at least 12 weeks later confirms it."""
    found = [r for r in aps.readings(context) if r.test in tests]
    if not found:
        return "to_do", None, None
    by_test = {test: [r for r in found if r.test == test] for test in tests}
    if any(aps.persistent(of_test) for of_test in by_test.values()):
        return "done", "abnormal", fill(CONFIRMED, weeks=int(aps.persistence_weeks()))
    repeats = [aps.repeat_due(of_test) for of_test in by_test.values()]
    due = [r for r in repeats if r is not None]
    if due:
        return "repeat", "abnormal", sentences(ONE_POSITIVE, *(r.sentence() for r in due))
    if any(r.positive for r in found):
        # Positive once, then not again at least 12 weeks later: not persistent.
        return "done", "normal", fill(NOT_CONFIRMED, weeks=int(aps.persistence_weeks()))
    needs = [r.need for r in found if r.positive is None and r.need is not None]
    if needs:
        return "done", "indeterminate", sentences(*dict.fromkeys(needs))
    return "done", "normal", None


CONFIRMED = template(_("Positive on two occasions at least %(weeks)d weeks apart."))
ONE_POSITIVE = _(
    "A positive result counts towards antiphospholipid syndrome only when a repeat test"
    " confirms it."
)
NOT_CONFIRMED = template(
    _(
        "An earlier positive result was not confirmed by the repeat test at least %(weeks)d weeks"
        " later."
    )
)


@rule(
    "IV01",
    "Test for antiphospholipid antibodies: lupus anticoagulant and anticardiolipin antibodies",
    cites={
        "eshre-2022": ["ESHRE-INV-APL-01"],
        "rcog-2023": ["RCOG-INV-01"],
        "asrm-2012": ["ASRM-INV-02"],
    },
    when=MET,
)
def antiphospholipid_antibodies(context: RuleContext) -> Sequence[Emitted] | None:
    status, result, note = _antiphospholipid_standing(context, ["lupus_anticoagulant"])
    la_status, la_result, la_note = status, result, note
    status, result, note = _antiphospholipid_standing(
        context, ["anticardiolipin_igg", "anticardiolipin_igm"]
    )
    return [
        context.investigation(
            "lupus_anticoagulant",
            sentences(
                _(
                    "Testing for antiphospholipid antibodies is advised after recurrent loss;"
                    " lupus anticoagulant is one of the two core tests."
                ),
                la_note,
            ),
            la_status,
            la_result,
        ),
        context.investigation(
            "anticardiolipin_antibodies",
            sentences(
                _(
                    "Anticardiolipin antibodies (IgG and IgM) are the other core antiphospholipid test."
                ),
                note,
            ),
            status,
            result,
        ),
    ]


@rule(
    "IV02",
    "Anti-β2-glycoprotein I antibodies",
    cites={"eshre-2022": ["ESHRE-INV-APL-02"], "asrm-2012": ["ASRM-INV-02"]},
    when=MET,
)
def anti_beta2_glycoprotein_antibodies(context: RuleContext) -> Sequence[Emitted] | None:
    status, result, note = _antiphospholipid_standing(context, ["anti_b2gp1_igg", "anti_b2gp1_igm"])
    return [
        context.investigation(
            "anti_b2gp1_antibodies",
            sentences(
                _(
                    "A third antiphospholipid antibody test; it adds to lupus anticoagulant and"
                    " anticardiolipin antibodies."
                ),
                note,
            ),
            status,
            result,
        )
    ]


@rule(
    "IV03",
    "Hereditary thrombophilia screening only with a reason beyond the losses",
    cites={
        "eshre-2022": ["ESHRE-INV-THR-01"],
        "rcog-2023": ["RCOG-INV-03", "RCOG-INV-02"],
        "asrm-2012": ["ASRM-INV-05"],
    },
    when=MET,
)
def hereditary_thrombophilia(context: RuleContext) -> Sequence[Emitted] | None:
    woman = context.checked.record.woman
    status, result = _standing(context, ["hereditary_thrombophilia_screen"])
    code = "hereditary_thrombophilia_screen"
    if context.cites("RCOG-INV-02"):
        if context.classification.second_trimester_losses >= 1:
            return [
                context.investigation(
                    code,
                    _(
                        "After a second-trimester miscarriage, tests for factor V Leiden, the"
                        " prothrombin variant and protein S deficiency may be offered, ideally in"
                        " research."
                    ),
                    status,
                    result,
                    citing=["RCOG-INV-02"],
                )
            ]
        return [
            context.investigation(
                code,
                _(
                    "Inherited thrombophilias are only weakly linked with recurrent miscarriage;"
                    " routine testing is not advised."
                ),
                status,
                result,
                citing=["RCOG-INV-03"],
            )
        ]
    thrombosis_history = "venous_thrombosis" in (woman.conditions or []) or (
        "venous_thrombosis_first_degree" in (woman.family_history or [])
    )
    if thrombosis_history:
        return [
            context.investigation(
                code,
                _(
                    "Not a routine test for pregnancy loss, but a personal or first-degree family"
                    " history of venous thrombosis is a reason to consider it."
                ),
                status,
                result,
                recommendation="conditional",
            )
        ]
    unknown = _("Ask about thrombosis in the woman and in her family.")
    return [
        context.investigation(
            code,
            sentences(
                _(
                    "Not advised for pregnancy loss alone; it may be considered when there are"
                    " other reasons, such as venous thrombosis in the woman or her close family."
                ),
                unknown if woman.family_history is None else None,
            ),
            status,
            result,
        )
    ]


@rule(
    "IV04",
    "Thyroid function (TSH) and thyroid peroxidase antibodies",
    cites={
        "eshre-2022": ["ESHRE-INV-END-01"],
        "rcog-2023": ["RCOG-INV-07"],
        "asrm-2012": ["ASRM-INV-04"],
    },
    when=MET,
)
def thyroid_tests(context: RuleContext) -> Sequence[Emitted] | None:
    tsh_status, tsh_result = _standing(context, ["tsh"])
    items = [
        context.investigation(
            "tsh",
            _("Thyroid function (TSH) is one of the tests advised after recurrent loss."),
            tsh_status,
            tsh_result,
        )
    ]
    if "tpo_antibodies" in context.cited_codes():
        tpo_status, tpo_result = _standing(context, ["tpo_antibodies"])
        items.append(
            context.investigation(
                "tpo_antibodies",
                _(
                    "Thyroid peroxidase antibodies are tested together with TSH to find thyroid"
                    " autoimmunity."
                ),
                tpo_status,
                tpo_result,
            )
        )
    return items


IMMUNOLOGICAL_TESTS = {
    "nk_cells": _(
        "There is not enough evidence to use natural killer cell tests (blood or womb lining)."
    ),
    "hla_typing": _("HLA typing of the couple is not recommended in clinical practice."),
    "cytokines": _("Cytokine tests are not recommended."),
    "anti_hla_antibodies": _("Anti-HLA antibody tests are not recommended."),
}


@rule(
    "IV05",
    "Immunological tests (NK cells, HLA, cytokines, anti-HLA) are not advised",
    cites={
        "eshre-2022": [
            "ESHRE-INV-IMM-06",
            "ESHRE-INV-IMM-01",
            "ESHRE-INV-IMM-03",
            "ESHRE-INV-IMM-07",
        ],
        "rcog-2023": ["RCOG-INV-08"],
        "asrm-2012": ["ASRM-INV-05"],
    },
    when=MET,
)
def immunological_tests(context: RuleContext) -> Sequence[Emitted] | None:
    named = context.cited_codes()
    items = []
    for code, reason in IMMUNOLOGICAL_TESTS.items():
        if code in named:
            status, result = _standing(context, [code])
            items.append(context.investigation(code, reason, status, result))
    return items


_TISSUE_READING: dict[str, Reading] = {
    "normal": "normal",
    "aneuploid": "abnormal",
    "unbalanced_structural": "abnormal",
    "other_abnormal": "abnormal",
}


def _tissue_results(context: RuleContext) -> list[str]:
    """Usable tissue-genetics results of earlier pregnancies (failed / not done left out)."""
    return [
        p.tissue_genetics.result
        for p in context.checked.record.pregnancies
        if p.tissue_genetics is not None and p.tissue_genetics.result in _TISSUE_READING
    ]


@rule(
    "IV06",
    "Genetic analysis of pregnancy tissue",
    cites={
        "eshre-2022": ["ESHRE-INV-GEN-01"],
        "rcog-2023": ["RCOG-INV-04"],
        "asrm-2012": ["ASRM-INV-01"],
    },
    when=MET,
)
def tissue_genetics(context: RuleContext) -> Sequence[Emitted] | None:
    tissue = _tissue_results(context)
    status: Status = "done" if tissue else "to_do"
    readings = {_TISSUE_READING[r] for r in tissue}
    result: Reading | None = None
    if readings:
        result = "abnormal" if "abnormal" in readings else "normal"
    if context.cites("RCOG-INV-04"):
        reason = _(
            "Offer chromosome analysis of the pregnancy tissue from the third and later"
            " miscarriages and from any second-trimester miscarriage."
        )
    elif context.cites("ESHRE-INV-GEN-01"):
        reason = _("Not routine, but analysing the tissue of a loss may explain why it happened.")
    else:
        reason = _("Chromosome analysis of the pregnancy tissue can explain a loss.")
    return [context.investigation("tissue_genetics", reason, status, result)]


def _karyotype_standing(context: RuleContext) -> tuple[Status, Reading | None]:
    karyotypes = context.results("karyotype")
    if not karyotypes:
        return "to_do", None
    interpretations = {(r.interpretation or "").strip().lower() for r in karyotypes}
    if "" in interpretations:
        return "done", "indeterminate"
    return "done", "normal" if interpretations == {"normal"} else "abnormal"


@rule(
    "IV07",
    "Parental karyotype after an individual assessment of genetic risk",
    cites={
        "eshre-2022": ["ESHRE-INV-GEN-03"],
        "rcog-2023": ["RCOG-INV-05"],
        "asrm-2012": ["ASRM-INV-01"],
    },
    when=MET,
)
def parental_karyotype(context: RuleContext) -> Sequence[Emitted] | None:
    woman = context.checked.record.woman
    status, result = _karyotype_standing(context)
    code = "parental_karyotype"
    tissue = _tissue_results(context)
    unbalanced = "unbalanced_structural" in tissue
    if context.cites("RCOG-INV-05"):
        if unbalanced:
            reason = _("Pregnancy tissue showed an unbalanced structural chromosome abnormality.")
        elif not tissue:
            reason = _("No usable result from pregnancy tissue (not tested, failed or no tissue).")
        else:
            return None  # tissue results exist and none is unbalanced: not indicated
        return [context.investigation(code, reason, status, result, recommendation="recommended")]
    if context.cites("ESHRE-INV-GEN-03"):
        risks = []
        if unbalanced:
            risks.append(_("Pregnancy tissue showed an unbalanced chromosome result."))
        family = set(woman.family_history or [])
        if "chromosome_rearrangement" in family:
            risks.append(_("A chromosome rearrangement is known in the family."))
        if "child_with_anomaly" in family:
            risks.append(_("An earlier child was born with an anomaly."))
        if risks:
            reason = sentences(
                _("Not routine, but considered here because there is a sign of genetic risk."),
                *risks,
            )
            return [
                context.investigation(code, reason, status, result, recommendation="conditional")
            ]
        reason = sentences(
            _("Not routine: only after an individual assessment finds a genetic risk."),
            _("Ask about the family history.") if woman.family_history is None else None,
        )
        return [
            context.investigation(code, reason, status, result, recommendation="not_recommended")
        ]
    return [
        context.investigation(
            code, _("Karyotype both partners as part of the evaluation."), status, result
        )
    ]


# ESHRE's roles of the imaging methods (ESHRE-INV-ANAT-02 to -05): 3D ultrasound first,
# sonohysterography when 3D is not available, HSG and MRI not first-line, hysteroscopy to
# confirm or treat rather than to screen.
METHOD_NOTES = {
    "2d_ultrasound": _(
        "It was assessed by 2D ultrasound; 3D transvaginal ultrasound is preferred."
    ),
    "sonohysterography": _("Sonohysterography is the choice when 3D ultrasound is not available."),
    "hysterosalpingography": _("HSG is not a first-line test for uterine anomalies."),
    "mri": _("MRI is not a first-line test for uterine anomalies."),
    "hysteroscopy": _("Hysteroscopy serves to confirm or treat rather than to screen."),
}
METHOD_CITES = {
    "2d_ultrasound": "ESHRE-INV-ANAT-02",
    "sonohysterography": "ESHRE-INV-ANAT-03",
    "hysterosalpingography": "ESHRE-INV-ANAT-05",
    "mri": "ESHRE-INV-ANAT-04",
    "hysteroscopy": "ESHRE-INV-ANAT-05",
}


@rule(
    "IV08",
    "Assess the anatomy of the uterus",
    cites={
        "eshre-2022": [
            "ESHRE-INV-ANAT-01",
            "ESHRE-INV-ANAT-02",
            "ESHRE-INV-ANAT-03",
            "ESHRE-INV-ANAT-04",
            "ESHRE-INV-ANAT-05",
        ],
        "rcog-2023": ["RCOG-INV-06"],
        "asrm-2012": ["ASRM-INV-03"],
    },
    when=MET,
)
def uterine_assessment(context: RuleContext) -> Sequence[Emitted] | None:
    imaging = context.results("uterine_imaging")
    status: Status = "done" if imaging else "to_do"
    result = overall_reading(imaging)
    if result == "indeterminate":
        result = _imaging_reading(imaging)
    if context.cites("ASRM-INV-03"):
        parts = [_("Evaluate the uterine cavity (sonohysterography, HSG or hysteroscopy).")]
    else:
        parts = [
            _(
                "Look for a congenital anomaly of the uterus, preferably with 3D transvaginal"
                " ultrasound."
            )
        ]
    if result == "indeterminate":
        parts.append(_("The recorded measurements still need classifying."))
    citing = [r.id for r in context.cited if r.id in ("ESHRE-INV-ANAT-01", "ESHRE-INV-ANAT-02")]
    methods = {r.method for r in imaging if r.method is not None}
    if "3d_ultrasound" not in methods and context.cites("ESHRE-INV-ANAT-03"):
        for method in sorted(methods & set(METHOD_NOTES)):
            parts.append(METHOD_NOTES[method])
            citing.append(METHOD_CITES[method])
    reason = sentences(*parts)
    return [
        context.investigation(
            "uterine_assessment",
            reason,
            status,
            result,
            recommendation="recommended",
            citing=citing or context.cited_ids(),
        )
    ]


def _imaging_reading(imaging: Sequence[Result]) -> ResultReading | None:
    """Imaging recorded as measurements read as the finding reads them (IP05)."""
    readings = {
        uterine_measurements_reading({str(k): v for k, v in r.measurements.items()})
        if r.value is None and r.measurements
        else read_result(r)
        for r in imaging
    }
    order: tuple[ResultReading, ...] = ("abnormal", "indeterminate", "normal")
    return next((reading for reading in order if reading in readings), None)


def _test_rule(
    rule_id: str,
    title: str,
    cites: dict[str, list[str]],
    codes: Sequence[str],
    reasons: dict[str, str],
) -> None:
    """A rule listing tests whose advice depends only on the cited recommendation.

    Each code is both the investigation and the result test. `reasons` maps each cited
    recommendation id to the plain-words reason shown with it.
    """

    def logic(context: RuleContext) -> Sequence[Emitted] | None:
        for recommendation in context.cited:  # the first cited one with a reason
            if recommendation.id in reasons:
                cited = recommendation.id
                break
        else:
            raise LookupError(f"{rule_id}: cites none of the recommendations it has reasons for")
        citing = (cited,)
        items = []
        for code in codes:
            status, result = _standing(context, (code,))
            items.append(context.investigation(code, reasons[cited], status, result, citing=citing))
        return items

    logic.__name__ = f"rule_{rule_id}"
    rule(rule_id, title, cites=cites, when=MET)(logic)


PROLACTIN_SIGNS = {
    "amenorrhoea": _("Periods have stopped (amenorrhoea)."),
    "galactorrhoea": _("Milky fluid comes from the nipples (galactorrhoea)."),
    "oligomenorrhoea": _("Periods are infrequent (oligomenorrhoea)."),
}


@rule(
    "IV09",
    "Prolactin only with signs of hyperprolactinaemia (ESHRE); routinely (ASRM)",
    cites={"eshre-2022": ["ESHRE-INV-END-05"], "asrm-2012": ["ASRM-INV-04"]},
    when=MET,
)
def prolactin(context: RuleContext) -> Sequence[Emitted] | None:
    status, result = _standing(context, ["prolactin"])
    if context.cites("ASRM-INV-04"):
        return [
            context.investigation(
                "prolactin", _("Prolactin is part of the endocrine screen."), status, result
            )
        ]
    symptoms = context.checked.record.woman.symptoms
    signs = set(PROLACTIN_SIGNS) & set(symptoms or [])
    if signs:
        return [
            context.investigation(
                "prolactin",
                sentences(
                    _("Measure prolactin: there are signs of a high prolactin."),
                    *(PROLACTIN_SIGNS[sign] for sign in sorted(signs)),
                ),
                status,
                result,
                recommendation="recommended",
            )
        ]
    return [
        context.investigation(
            "prolactin",
            sentences(
                _(
                    "Only when there are signs of a high prolactin, such as infrequent or absent"
                    " periods."
                ),
                _("Ask about irregular or absent periods.") if symptoms is None else None,
            ),
            status,
            result,
        )
    ]


@rule(
    "IV10",
    "Free T4 follows an abnormal TSH",
    cites={"eshre-2022": ["ESHRE-INV-END-02"]},
    when=When(definition_met=True, any_result=("tsh",)),
)
def free_t4_after_abnormal_tsh(context: RuleContext) -> Sequence[Emitted] | None:
    tsh = context.results("tsh")
    if not tsh or read_result(tsh[-1]) != "abnormal":
        return None
    status, result = _standing(context, ["free_t4"])
    return [
        context.investigation(
            "free_t4", _("The latest TSH is outside the laboratory's range."), status, result
        )
    ]


_test_rule(
    "IV11",
    "No testing for PCOS, fasting insulin or fasting glucose to improve the next pregnancy",
    {"eshre-2022": ["ESHRE-INV-END-04"]},
    ["fasting_insulin", "fasting_glucose"],
    {
        "ESHRE-INV-END-04": _(
            "Not advised as a way to improve the chance of the next pregnancy; test only for"
            " another medical reason."
        )
    },
)
_test_rule(
    "IV12",
    "No routine ovarian reserve testing",
    {"eshre-2022": ["ESHRE-INV-END-06"]},
    ["ovarian_reserve"],
    {"ESHRE-INV-END-06": _("Ovarian reserve tests are not part of the routine workup.")},
)
_test_rule(
    "IV13",
    "No testing for luteal phase insufficiency",
    {"eshre-2022": ["ESHRE-INV-END-07"]},
    ["luteal_phase_progesterone"],
    {
        "ESHRE-INV-END-07": _(
            "Progesterone levels or endometrial biopsy for the luteal phase are not advised."
        )
    },
)
_test_rule(
    "IV14",
    "No LH or androgen testing",
    {"eshre-2022": ["ESHRE-INV-END-08"]},
    ["lh", "androgens"],
    {"ESHRE-INV-END-08": _("LH and androgen tests are not advised.")},
)
_test_rule(
    "IV15",
    "No routine homocysteine testing",
    {"eshre-2022": ["ESHRE-INV-END-09"]},
    ["homocysteine"],
    {"ESHRE-INV-END-09": _("Homocysteine is not part of the routine workup.")},
)
_test_rule(
    "IV16",
    "Sperm DNA fragmentation",
    {"eshre-2022": ["ESHRE-INV-MALE-01"], "rcog-2023": ["RCOG-INV-08"]},
    ["sperm_dna_fragmentation"],
    {
        "ESHRE-INV-MALE-01": _("May be considered in the partner to help explain the losses."),
        "RCOG-INV-08": _("Not offered routinely outside research."),
    },
)
_test_rule(
    "IV17",
    "Antinuclear antibodies",
    {"eshre-2022": ["ESHRE-INV-IMM-05"], "asrm-2012": ["ASRM-INV-05"]},
    ["antinuclear_antibodies"],
    {
        "ESHRE-INV-IMM-05": _("May be considered to help explain the losses."),
        "ASRM-INV-05": _("Not supported as a routine test."),
    },
)
_test_rule(
    "IV18",
    "No routine infection screening",
    {"rcog-2023": ["RCOG-INV-08"], "asrm-2012": ["ASRM-INV-05"]},
    ["infection_screen"],
    {
        "RCOG-INV-08": _("Infection screening is not offered routinely outside research."),
        "ASRM-INV-05": _("Routine infection screening is not supported."),
    },
)


@rule(
    "IV19",
    "HbA1c where poorly controlled diabetes is possible (ASRM)",
    {"asrm-2012": ["ASRM-INV-04"]},
    when=MET,
)
def hba1c(context: RuleContext) -> Sequence[Emitted] | None:
    if "diabetes" not in (context.checked.record.woman.conditions or []):
        return None
    status, result = _standing(context, ["hba1c"])
    return [
        context.investigation(
            "hba1c",
            _("Diabetes is recorded: check how well it is controlled (HbA1c)."),
            status,
            result,
        )
    ]


LATE_LOSS_CITES = ["RCOG-INV-APL-2011", "SYDNEY-APS-2A", "ACOG-STILLBIRTH-01"]
AFTER_FETAL_DEATH = template(
    _(
        "A fetal death at %(weeks)d weeks or later is itself a clinical criterion of"
        " antiphospholipid syndrome: test for antiphospholipid antibodies (lupus anticoagulant,"
        " anticardiolipin, anti-β2-glycoprotein I), even though the loss does not make recurrent"
        " pregnancy loss under this profile."
    )
)
STILLBIRTH_EXAMINATION = _(
    "After a stillbirth, the baby and the placenta are examined to look for the cause:"
    " post-mortem, histology of the placenta, cord and membranes, and genetic tests."
)
LATE_LOSS_UNSOURCED = template(
    _(
        "Clinician to decide (source not verified): no guideline we could check covers examining"
        " the fetus and placenta after a loss from %(weeks)d weeks that is not a stillbirth."
    )
)
MORPHOLOGY_COUNTS = _(
    "A fetus documented as normal (by ultrasound or examination) is what lets such a loss count"
    " towards antiphospholipid syndrome."
)


def _fetal_deaths(context: RuleContext) -> list[Pregnancy]:
    """Unexplained losses at or after Sydney's 10 weeks, fetus not known to be abnormal."""
    from_days = int(aps.number("aps-sydney-2006", "fetal_death_from_weeks")) * 7
    return [
        p
        for p in context.checked.record.pregnancies
        if p.outcome in ("miscarriage", "stillbirth")
        and p.gestational_age is not None
        and p.gestational_age.total_days >= from_days
        and "fetal_anomaly" not in p.features
        and not (
            p.tissue_genetics is not None
            and p.tissue_genetics.result in ("aneuploid", "unbalanced_structural")
        )
    ]


@rule(
    "IV24",
    "A fetal death at 10 weeks or later: antiphospholipid tests and examination of the loss",
    cites={
        "eshre-2022": LATE_LOSS_CITES,
        "rcog-2023": LATE_LOSS_CITES,
        "asrm-2012": LATE_LOSS_CITES,
    },
)
def fetal_death_workup(context: RuleContext) -> Sequence[Emitted] | None:
    deaths = _fetal_deaths(context)
    if not deaths:
        return None
    weeks = int(aps.number("aps-sydney-2006", "fetal_death_from_weeks"))
    items: list[Emitted] = []
    # With the definition met, IV01 and IV02 already list these tests.
    if context.classification.meets_definition is not True:
        status, result, note = _antiphospholipid_standing(context, aps.APL_TESTS)
        items.append(
            context.investigation(
                "antiphospholipid_tests",
                sentences(fill(AFTER_FETAL_DEATH, weeks=weeks), note),
                status,
                result,
                citing=["RCOG-INV-APL-2011", "SYDNEY-APS-2A"],
            )
        )
    documented = all("morphologically_normal_fetus" in p.features for p in deaths)
    examined: Status = "done" if documented else "to_do"
    if any(p.outcome == "stillbirth" for p in deaths):
        items.append(
            context.investigation(
                "late_loss_examination",
                sentences(STILLBIRTH_EXAMINATION, MORPHOLOGY_COUNTS),
                examined,
                "normal" if documented else None,
                citing=["ACOG-STILLBIRTH-01", "SYDNEY-APS-2A"],
            )
        )
    else:
        items.append(
            context.investigation(
                "late_loss_examination",
                sentences(fill(LATE_LOSS_UNSOURCED, weeks=weeks), MORPHOLOGY_COUNTS),
                examined,
                "normal" if documented else None,
                recommendation="undecided",
                citing=["SYDNEY-APS-2A"],
            )
        )
    return items
