"""`aps-sydney-2006`: the revised Sapporo (Sydney) classification criteria for APS.

At least one clinical criterion and one laboratory criterion; each laboratory criterion must
be positive on two or more occasions at least 12 weeks apart; classification is avoided when
less than 12 weeks or more than 5 years separate the positive test and the clinical event.

Readings we had to choose (each is said in the result):
* A laboratory criterion is judged per isotype (IgG on both occasions, or IgM on both). When
  only a mix of isotypes makes two occasions, the source does not say; the criterion is then
  `undefined` and so is the classification if it depends on it.
* The timing rule is met when at least one positive result of a met laboratory criterion lies
  between 12 weeks and 5 years (before or after) from at least one clinical event date.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, JsonValue

from rpl.core.calculators.antiphospholipid import (
    AntiphospholipidTests,
    ApsPregnancy,
    weeks,
    weeks_text,
    within_years,
)
from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorInputError,
    Trail,
    number_text,
    start,
)
from rpl.core.parsing import Problem
from rpl.core.text import gettext_noop as _
from rpl.core.text import sentences

NAME = "aps-sydney-2006"

Status = Literal["met", "not_met", "undefined"]

# The result's summary in whole marked sentences (rpl.core.text), so that outputs in the
# couple's language show it translated: one sentence per criterion met.
MET = _("The 2006 revised Sapporo classification criteria are met.")
CRITERION_MET = {
    "vascular_thrombosis": _("Clinical criterion met: vascular thrombosis."),
    "fetal_death_from_10_weeks": _("Clinical criterion met: fetal death at or beyond 10 weeks."),
    "premature_birth_before_34_weeks": _(
        "Clinical criterion met: premature birth before 34 weeks."
    ),
    "three_losses_before_10_weeks": _(
        "Clinical criterion met: three or more consecutive losses before 10 weeks."
    ),
    "lupus_anticoagulant": _("Laboratory criterion met: lupus anticoagulant."),
    "anticardiolipin": _("Laboratory criterion met: anticardiolipin antibodies."),
    "anti_b2gp1": _("Laboratory criterion met: anti-β2-glycoprotein I antibodies."),
}
NOT_MET = {
    (True, False): _(
        "The 2006 revised Sapporo criteria are not met: no clinical criterion is met."
    ),
    (False, True): _(
        "The 2006 revised Sapporo criteria are not met: no laboratory criterion is met."
    ),
    (True, True): _(
        "The 2006 revised Sapporo criteria are not met: no clinical criterion is met and no"
        " laboratory criterion is met."
    ),
}
AVOID = _(
    "Criteria are met on paper, but the source advises against classifying: the positive tests"
    " lie less than 12 weeks or more than 5 years from every clinical event."
)
MIXED_ISOTYPES = _(
    "Undefined by the source: the laboratory criterion rests on a mix of isotypes across"
    " occasions, which the 2006 criteria do not address."
)


class Inputs(AntiphospholipidTests):
    """Clinical history and antiphospholipid results for the 2006 revised Sapporo criteria."""

    vascular_thrombosis: bool = Field(
        description="One or more objectively confirmed arterial, venous or small-vessel "
        "thromboses (not superficial venous thrombosis) in any tissue or organ."
    )
    pregnancies: list[ApsPregnancy] = Field(
        description="Every pregnancy that ended, oldest first; [] when none."
    )
    other_causes_of_early_losses_excluded: bool | None = Field(
        default=None,
        description="For three or more losses before 10 weeks: maternal anatomic or hormonal "
        "abnormalities and paternal and maternal chromosomal causes were excluded. Needed "
        "only when such a run exists.",
    )
    clinical_event_dates: list[dt.date] = Field(
        default_factory=list,
        description="Dates of the clinical events (thrombosis, pregnancy losses or births) "
        "that meet a clinical criterion; needed for the timing rule when one is met.",
    )


def calculate(inputs: Inputs, *, explain: bool = True) -> CalculationResult:
    """`explain=False`: value, summary and citations only (see `Trail`), for the engine."""
    trail = start(NAME, inputs, explain)
    if trail.explain:
        trail.caveats.append(
            "The 2006 revised Sapporo criteria classify patients for research; they are not "
            "diagnostic criteria, and a result here is not a diagnosis."
        )
    clinical = _clinical_criteria(inputs, trail)
    laboratory, positive_dates = _laboratory_criteria(inputs, trail)

    clinical_met = [name for name, status in clinical.items() if status == "met"]
    lab_met = [name for name, status in laboratory.items() if status == "met"]
    lab_undefined = [name for name, status in laboratory.items() if status == "undefined"]
    details: dict[str, JsonValue] = {
        "clinical_criteria": dict(clinical),
        "laboratory_criteria": dict(laboratory),
    }

    need_clinical = trail.value("min_clinical_criteria")
    need_lab = trail.value("min_laboratory_criteria")
    no_clinical = len(clinical_met) < need_clinical
    no_lab = len(lab_met) + len(lab_undefined) < need_lab
    if no_clinical or no_lab:
        if trail.explain:
            missing = ["no clinical criterion is met"] if no_clinical else []
            missing += ["no laboratory criterion is met"] if no_lab else []
            trail.step(
                "Classification needs one clinical and one laboratory criterion: "
                + " and ".join(missing)
                + "."
            )
        return trail.result("criteria_not_met", NOT_MET[(no_clinical, no_lab)], details)

    if not inputs.clinical_event_dates:
        raise CalculatorInputError(
            [
                Problem(
                    "clinical_event_dates",
                    "required when a clinical criterion is met (the timing rule compares it "
                    "with the dates of the positive tests)",
                )
            ]
        )

    counted = lab_met if lab_met else lab_undefined
    dates = sorted({d for name in counted for d in positive_dates[name]})
    timing_ok = _timing_rule(inputs.clinical_event_dates, dates, trail)
    details["timing_rule_met"] = timing_ok
    if not timing_ok:
        return trail.result("avoid_classification", AVOID, details)
    if not lab_met:
        trail.step(  # a constant: no need to guard it
            "The only laboratory evidence mixes IgG and IgM results across the two occasions; "
            "the source does not say whether that counts, so the classification is left open."
        )
        return trail.result("undefined_by_source", MIXED_ISOTYPES, details)
    summary = sentences(MET, *(CRITERION_MET[c] for c in [*clinical_met, *lab_met]))
    return trail.result("criteria_met", summary, details)


def _clinical_criteria(inputs: Inputs, trail: Trail) -> dict[str, Status]:
    result: dict[str, Status] = {}
    result["vascular_thrombosis"] = "met" if inputs.vascular_thrombosis else "not_met"
    explain = trail.explain
    if explain:
        trail.step(
            "Vascular thrombosis: "
            + (
                "an objectively confirmed thrombosis is recorded."
                if inputs.vascular_thrombosis
                else "none recorded."
            )
        )

    # The limits in whole weeks and in days (a gestational age is held as days); looked up
    # in this order, which is the order of the result's citations.
    fetal_from = int(trail.value("fetal_death_from_weeks"))
    birth_before = int(trail.value("premature_birth_before_weeks"))
    early_before = int(trail.value("early_losses_before_weeks"))
    need = int(trail.value("early_losses_min_count"))
    fetal_from_days, birth_before_days = fetal_from * 7, birth_before * 7
    early_before_days = early_before * 7

    # One pass over the pregnancies for the three obstetric criteria.
    late: list[int] = []  # unexplained losses at or beyond `fetal_from` weeks
    normal_late: list[int] = []  # ... of them with a morphologically normal fetus
    premature: list[int] = []  # births before `birth_before` weeks that meet the criterion
    run = current = 0  # the longest run of unexplained losses before `early_before` weeks
    for index, p in enumerate(inputs.pregnancies, start=1):
        days = p.gestational_age.total_days
        if p.outcome == "loss":
            if p.explained_by_other_cause:
                current = 0
                continue
            if days >= fetal_from_days:
                late.append(index)
                if "morphologically_normal_fetus" in p.features:
                    normal_late.append(index)
            if days < early_before_days:
                current += 1
                if current > run:
                    run = current
            else:
                current = 0
        else:
            current = 0
            features = p.features
            if (
                p.outcome == "birth"
                and days < birth_before_days
                and (
                    "severe_preeclampsia_before_34w" in features
                    or "placental_insufficiency_before_34w" in features
                )
                and "morphologically_normal_fetus" in features
            ):
                premature.append(index)

    result["fetal_death_from_10_weeks"] = "met" if normal_late else "not_met"
    if explain and normal_late:
        trail.step(
            f"Fetal death at or beyond {fetal_from} weeks: pregnancy "
            + ", ".join(str(i) for i in normal_late)
            + " (unexplained, morphologically normal fetus)."
        )
    elif explain and late:
        trail.step(
            f"Fetal death at or beyond {fetal_from} weeks: pregnancy "
            + ", ".join(str(i) for i in late)
            + " would count, but normal fetal morphology is not documented."
        )
    elif explain:
        trail.step(f"Fetal death at or beyond {fetal_from} weeks: none unexplained.")

    result["premature_birth_before_34_weeks"] = "met" if premature else "not_met"
    if explain:
        trail.step(
            f"Premature birth before {birth_before} weeks for eclampsia, severe "
            "pre-eclampsia or placental insufficiency, morphologically normal neonate: "
            + ("pregnancy " + ", ".join(str(i) for i in premature) + "." if premature else "none.")
        )

    if run < need:
        result["three_losses_before_10_weeks"] = "not_met"
        if explain:
            trail.step(
                f"Consecutive unexplained losses before {early_before} weeks: longest run "
                f"{run}, {need} needed."
            )
    elif inputs.other_causes_of_early_losses_excluded is None:
        raise CalculatorInputError(
            [
                Problem(
                    "other_causes_of_early_losses_excluded",
                    "required when there are three or more consecutive losses before 10 weeks",
                )
            ]
        )
    elif inputs.other_causes_of_early_losses_excluded:
        result["three_losses_before_10_weeks"] = "met"
        if explain:
            trail.step(
                f"Consecutive unexplained losses before {early_before} weeks: run of {run}, "
                "with maternal anatomic, hormonal and parental chromosomal causes excluded."
            )
    else:
        result["three_losses_before_10_weeks"] = "not_met"
        if explain:
            trail.step(
                f"Consecutive losses before {early_before} weeks: run of {run}, but other "
                "causes were not excluded, which the criterion requires."
            )
    return result


def _laboratory_criteria(
    inputs: Inputs, trail: Trail
) -> tuple[dict[str, Status], dict[str, list[dt.date]]]:
    apart = weeks(trail.value("persistence_min_weeks"))
    titre = trail.value("acl_titre_above")
    percentile_above = trail.value("percentile_above")  # cited with or without the text
    percentile = number_text(percentile_above) if trail.explain else ""
    explain = trail.explain
    statuses: dict[str, Status] = {}
    dates: dict[str, list[dt.date]] = {}

    def persistent(positive: list[dt.date]) -> bool:
        return len(positive) >= 2 and max(positive) - min(positive) >= apart

    def judge(name: str, label: str, by_isotype: dict[str, list[dt.date]]) -> None:
        every = [d for days in by_isotype.values() for d in days]
        dates[name] = every
        if not every:  # no positive result: nothing can be persistent
            statuses[name] = "not_met"
            if explain:
                trail.step(f"{label}: no positive result (not met).")
            return
        per_isotype = [iso for iso, days in by_isotype.items() if persistent(days)]
        if per_isotype:
            statuses[name] = "met"
            if explain:
                chosen = [d for iso in per_isotype for d in by_isotype[iso]]
                trail.step(
                    f"{label}: positive {' and '.join(per_isotype)} on occasions {weeks_text((max(chosen) - min(chosen)).days)} apart (met)."
                )
        elif persistent(every):
            statuses[name] = "undefined"
            if explain:
                trail.step(
                    f"{label}: positive on occasions far enough apart only when IgG and IgM "
                    "results are combined; the source does not say whether that counts "
                    "(undefined)."
                )
        else:
            statuses[name] = "not_met"
            if explain:
                trail.step(
                    f"{label}: positive, but not on two occasions at least "
                    f"{weeks_text(apart.days)} apart (not met)."
                )

    la = [t.date for t in inputs.lupus_anticoagulant if t.positive]
    judge("lupus_anticoagulant", "Lupus anticoagulant", {"result": la})
    acl = {
        "IgG": [
            t.date
            for t in inputs.anticardiolipin_igg
            if (t.titre_gpl is not None and t.titre_gpl > titre) or t.above_99th_percentile is True
        ],
        "IgM": [
            t.date
            for t in inputs.anticardiolipin_igm
            if (t.titre_mpl is not None and t.titre_mpl > titre) or t.above_99th_percentile is True
        ],
    }
    judge(
        "anticardiolipin",
        f"Anticardiolipin above {number_text(titre)} GPL/MPL or the {percentile}th percentile"
        if explain
        else "",
        acl,
    )
    b2 = {
        "IgG": [t.date for t in inputs.anti_b2gp1_igg if t.above_99th_percentile is True],
        "IgM": [t.date for t in inputs.anti_b2gp1_igm if t.above_99th_percentile is True],
    }
    judge(
        "anti_b2gp1",
        f"Anti-β2-glycoprotein I above the {percentile}th percentile" if explain else "",
        b2,
    )
    unknown = (
        [
            t
            for t in [*inputs.anti_b2gp1_igg, *inputs.anti_b2gp1_igm]
            if t.above_99th_percentile is None
        ]
        if explain
        else ()
    )
    if unknown:
        trail.caveats.append(
            f"{len(unknown)} anti-β2-glycoprotein I result(s) do not say whether they are above "
            f"the {percentile}th percentile; the 2006 criteria use only the percentile, so they "
            "were not counted."
        )
    return statuses, dates


def _timing_rule(events: list[dt.date], positives: list[dt.date], trail: Trail) -> bool:
    min_gap = weeks(trail.value("timing_min_weeks"))
    max_years = int(trail.value("timing_max_years"))
    explain = trail.explain
    if explain:
        trail.assumptions.append(
            "Timing rule read as: at least one positive result lies at least "
            f"{weeks_text(min_gap.days)} and at most {max_years} years from at least one clinical "
            "event, before or after it."
        )
    for event in events:
        for test in positives:
            if abs(test - event) >= min_gap and within_years(test, event, max_years):
                if explain:
                    trail.step(
                        f"Timing: a positive test on {test.isoformat()} lies "
                        f"{weeks_text(abs(test - event).days)} from the clinical event on "
                        f"{event.isoformat()} (between {weeks_text(min_gap.days)} and {max_years} years)."
                    )
                return True
    if explain:
        trail.step(
            f"Timing: every positive test lies less than {weeks_text(min_gap.days)} or more than "
            f"{max_years} years from every clinical event."
        )
    return False
