"""`miscarriage-risk-magnus-2019`: age-band miscarriage risk and recurrence odds ratios.

Two published figures are returned as published: the risk for the woman's age band and the
odds ratio for her number of previous consecutive miscarriages. The combined risk is ours:
the odds of the age-band risk multiplied by the odds ratio (p = OR·o / (1 + OR·o)). The
age-band risk is for all pregnancies, not for women without previous miscarriages, so this is
an approximation; the result labels it as our modelling step.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import Field, JsonValue

from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorInput,
    Scalar,
    start,
)

NAME = "miscarriage-risk-magnus-2019"
MAX_TABULATED_RUN = 3


class Inputs(CalculatorInput):
    """The woman's age at the pregnancy and her run of previous consecutive miscarriages."""

    age_years: Annotated[float, Field(ge=10, le=70)] = Field(
        description="Age in years at the start of the pregnancy (completed years are used)."
    )
    previous_consecutive_miscarriages: Annotated[int, Field(ge=0, le=30)] = Field(
        description="Miscarriages immediately before this pregnancy, in an unbroken run."
    )


def odds_to_risk(risk_percent: float, odds_ratio: float) -> float:
    """Our modelling step: apply an odds ratio to a baseline risk (percent in, percent out)."""
    baseline = risk_percent / 100
    odds = baseline / (1 - baseline) * odds_ratio
    return odds / (1 + odds) * 100


def calculate(inputs: Inputs) -> CalculationResult:
    trail = start(NAME, inputs)
    years = math.floor(inputs.age_years)
    band = next(
        row
        for row in trail.data.tables["age_bands"]
        if int(row["from_years"]) <= years <= int(row["to_years"])
    )
    risk_number = trail.number(str(band["number"]))
    risk = float(risk_number.value) if isinstance(risk_number.value, int | float) else None
    label = str(band["label"])
    if risk is None:
        trail.step(f"Age {years}: band {label}, whose risk was not found in any copy of the paper.")
    else:
        rounded = (
            " (a rounded press figure)"
            if risk_number.note and "newspaper" in risk_number.note
            else ""
        )
        trail.step(f"Age {years}: band {label}, published risk of miscarriage {risk:g}%{rounded}.")

    run = inputs.previous_consecutive_miscarriages
    odds_ratio: float | None = None
    extrapolated = run > MAX_TABULATED_RUN
    if run >= 1:
        key = f"odds_ratio_after_{min(run, MAX_TABULATED_RUN)}"
        odds_ratio = trail.value(key)
        trail.step(
            f"{run} previous consecutive miscarriage(s): age-adjusted odds ratio {odds_ratio:g}."
        )
        if extrapolated:
            trail.assumptions.append(
                f"The published odds ratio is for three consecutive miscarriages; it is used for {run}."
            )
            trail.caveats.append(
                f"Extrapolation: Magnus 2019 gives no odds ratio beyond three consecutive "
                f"miscarriages, so the figure for {run} is the one for three and may understate "
                "her risk."
            )
    else:
        trail.step("No previous consecutive miscarriage: no odds ratio applies.")

    modelled: float | None = None
    if risk is not None and odds_ratio is not None:
        modelled = round(odds_to_risk(risk, odds_ratio), 1)
        trail.step(
            f"Our modelling step (not a Magnus result): odds of {risk:g}% times {odds_ratio:g} gives "
            f"a risk of about {modelled:g}%."
        )
        trail.caveats.append(
            "The combined risk is our modelling step, not a figure from Magnus 2019: it treats the "
            "age-band risk (all pregnancies) as the baseline of the odds ratio, whose reference "
            "group was not read."
        )
    value: dict[str, Scalar] = {
        "age_band": label,
        "age_band_risk_percent": risk,
        "odds_ratio": odds_ratio,
        "modelled_risk_percent": modelled,
    }
    details: dict[str, JsonValue] = dict(value)
    details["extrapolated"] = extrapolated
    parts = [
        f"risk at age {label}: " + (f"{risk:g}%" if risk is not None else "not found in the paper")
    ]
    if odds_ratio is not None:
        parts.append(
            f"odds ratio after {run} consecutive miscarriage(s): {odds_ratio:g}"
            + (" (extrapolated: the published figure is for three)" if extrapolated else "")
        )
    if modelled is not None:
        parts.append(f"our modelled risk: about {modelled:g}%")
    return trail.result(value, "Magnus 2019 — " + "; ".join(parts) + ".", details)
