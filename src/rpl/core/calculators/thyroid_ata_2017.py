"""`thyroid-ata-2017`: levothyroxine in pregnancy by ATA 2017 recommendation 29.

Boundaries the recommendation leaves open are returned as `undefined_by_source`:
* TPO-antibody positive with TSH exactly at the upper limit (the groups are "above the range"
  and "above 2.5 and below the upper limit");
* TPO-antibody negative with TSH exactly 10.0 (the groups are "greater than 10.0" and "above
  the range and below 10.0").
A TSH at the upper limit itself is within the reference range ("normal") for antibody-negative
women. With no laboratory limit the ATA fallback of 4.0 mIU/L is used and the result says so.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, JsonValue

from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorInput,
    Trail,
    start,
)

NAME = "thyroid-ata-2017"


class Inputs(CalculatorInput):
    """Thyroid results of a woman who is pregnant (or, for information, planning pregnancy)."""

    pregnant: bool = Field(
        description="Recommendation 29 is about pregnant women; when false the result says "
        "what would apply in pregnancy."
    )
    tsh_miu_per_l: Annotated[float, Field(ge=0, le=500)] = Field(description="Serum TSH in mIU/L.")
    tpo_antibodies: Literal["positive", "negative"] = Field(
        description="TPO antibodies by the laboratory's assay-specific cut-off."
    )
    free_t4: Literal["low", "normal", "high"] | None = Field(
        default=None,
        description="Free T4 against the laboratory's (pregnancy-specific) range; null if not measured.",
    )
    tsh_upper_limit_miu_per_l: Annotated[float, Field(gt=0, le=20)] | None = Field(
        default=None,
        description="The laboratory's pregnancy-specific upper TSH limit; null to use the ATA "
        "fallback of 4.0 mIU/L.",
    )


Decision = Literal[
    "recommended", "conditional", "not_recommended", "undefined_by_source", "not_covered"
]


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def calculate(inputs: Inputs) -> CalculationResult:
    trail = start(NAME, inputs)
    tsh = inputs.tsh_miu_per_l
    if inputs.tsh_upper_limit_miu_per_l is None:
        upper = trail.value("default_upper_limit_miu_per_l")
        trail.assumptions.append(
            f"No laboratory upper TSH limit was given: used {upper:.1f} mIU/L, the ATA 2017 "
            "fallback when no pregnancy-specific range is available (read in a review table; "
            "evidence secondary)."
        )
        limit_source = "ata_default"
    else:
        upper = inputs.tsh_upper_limit_miu_per_l
        limit_source = "laboratory"
    details: dict[str, JsonValue] = {
        "tsh_miu_per_l": tsh,
        "upper_limit_miu_per_l": upper,
        "upper_limit_source": limit_source,
        "tpo_antibodies": inputs.tpo_antibodies,
    }
    trail.step(
        f"TSH {tsh:g} mIU/L against an upper limit of {upper:.1f} mIU/L ({'laboratory' if limit_source == 'laboratory' else 'ATA fallback'}); TPO antibodies {inputs.tpo_antibodies}."
    )

    decision, summary = _decide(inputs, tsh, upper, trail)
    details["decision_in_pregnancy"] = decision
    if not inputs.pregnant:
        trail.number("no_preconception_recommendation")
        trail.step(
            "Not pregnant: ATA 2017 makes no LT4 recommendation for women trying to conceive "
            f"naturally; in pregnancy the same results would give '{decision}'."
        )
        return trail.result(
            "not_covered",
            "Not covered: ATA 2017 recommendation 29 applies in pregnancy. With the same results in "
            f"pregnancy: {summary}",
            details,
        )
    return trail.result(decision, summary, details)


def _decide(inputs: Inputs, tsh: float, upper: float, trail: Trail) -> tuple[Decision, str]:
    above_range = tsh > upper and not _same(tsh, upper)
    if inputs.free_t4 == "high":
        trail.step("Free T4 high: hyperthyroidism is outside this calculator.")
        return (
            "not_covered",
            "Not covered: a high free T4 points to hyperthyroidism, outside recommendation 29.",
        )
    if inputs.free_t4 == "low" and above_range:
        trail.number("overt_hypothyroidism_treat")
        trail.step(
            "TSH above the range with a low free T4: overt hypothyroidism, which is treated."
        )
        return (
            "recommended",
            "Levothyroxine recommended: overt hypothyroidism (TSH above the range, free T4 low).",
        )
    if inputs.free_t4 is None:
        trail.caveats.append(
            "Free T4 not given: overt and subclinical hypothyroidism cannot be told apart; "
            "recommendation 29 itself uses TSH and TPO antibodies only."
        )

    if inputs.tpo_antibodies == "positive":
        consider_above = trail.value("tpo_positive_consider_above_miu_per_l")
        if above_range:
            strength = trail.number("rec29_tpo_positive_above_range").value
            trail.step(
                f"TPO antibodies positive and TSH above the range: LT4 recommended ({strength})."
            )
            return (
                "recommended",
                "Levothyroxine recommended: TPO-antibody positive with TSH above the pregnancy-specific range.",
            )
        if _same(tsh, upper) and tsh > consider_above:
            trail.number("rec29_tpo_positive_above_range")
            trail.number("rec29_tpo_positive_above_2_5")
            trail.step(
                f"TSH exactly at the upper limit: recommendation 29 covers 'above the range' and "
                f"'above {consider_above:g} and below the upper limit', not the limit itself."
            )
            return (
                "undefined_by_source",
                "Undefined by the source: TSH exactly at the upper limit in a TPO-antibody-positive woman falls between 'above the range' (recommended) and 'below the upper limit' (may be considered).",
            )
        if tsh > consider_above and not _same(tsh, consider_above):
            strength = trail.number("rec29_tpo_positive_above_2_5").value
            trail.step(
                f"TPO antibodies positive, TSH above {consider_above:g} and below the upper limit: LT4 may be considered ({strength})."
            )
            return (
                "conditional",
                f"Levothyroxine may be considered: TPO-antibody positive with TSH above {consider_above:g} mIU/L and below the upper limit.",
            )
        trail.number("rpl_tpo_positive_euthyroid")
        trail.step(
            f"TPO antibodies positive with TSH of {consider_above:g} mIU/L or less: recommendation 29 "
            "does not cover it; the ATA suggestion to consider low-dose LT4 in women with recurrent "
            "pregnancy loss applies (as tabulated in a review)."
        )
        return (
            "conditional",
            f"Low-dose levothyroxine may be considered: TPO-antibody positive with TSH {consider_above:g} mIU/L or less in a woman with recurrent pregnancy loss (ATA suggestion as read in a review).",
        )

    treat_above = trail.value("tpo_negative_treat_above_miu_per_l")
    if tsh > treat_above and not _same(tsh, treat_above):
        strength = trail.number("rec29_tpo_negative_above_10").value
        trail.step(
            f"TPO antibodies negative and TSH above {treat_above:g}: LT4 recommended ({strength})."
        )
        return (
            "recommended",
            f"Levothyroxine recommended: TPO-antibody negative with TSH above {treat_above:g} mIU/L.",
        )
    if _same(tsh, treat_above) and above_range:
        trail.number("rec29_tpo_negative_above_10")
        trail.number("rec29_tpo_negative_above_range_below_10")
        trail.step(
            f"TSH exactly {treat_above:g}: recommendation 29 covers 'greater than {treat_above:g}' and 'below {treat_above:g}', not {treat_above:g} itself."
        )
        return (
            "undefined_by_source",
            f"Undefined by the source: a TSH of exactly {treat_above:g} mIU/L in a TPO-antibody-negative woman is neither above nor below {treat_above:g}.",
        )
    if above_range:
        strength = trail.number("rec29_tpo_negative_above_range_below_10").value
        trail.step(
            f"TPO antibodies negative, TSH above the range and below {treat_above:g}: LT4 may be considered ({strength})."
        )
        return (
            "conditional",
            f"Levothyroxine may be considered: TPO-antibody negative with TSH above the range and below {treat_above:g} mIU/L.",
        )
    strength = trail.number("rec29_tpo_negative_normal").value
    trail.step(
        f"TPO antibodies negative and TSH within the range: LT4 not recommended ({strength})."
    )
    return (
        "not_recommended",
        "Levothyroxine not recommended: TPO-antibody negative with a TSH within the pregnancy-specific range.",
    )
