"""`prognosis-brigham-1999`: the Brigham 1999 table of next-pregnancy success, as a lookup.

Only the published cells are returned. An age or a number of miscarriages between or beyond
the tabulated points gives `not_tabulated` with the neighbouring cells, never an interpolated
figure. Each cell carries its own evidence status (half the cells are recalled, unverified).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, JsonValue

from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorInput,
    start,
)

NAME = "prognosis-brigham-1999"


class Inputs(CalculatorInput):
    """The woman's age and her number of previous miscarriages (idiopathic recurrent miscarriage)."""

    age_years: Annotated[float, Field(ge=10, le=70)] = Field(
        description="Age in years; the table has rows for 20, 25, 30, 35, 40 and 45."
    )
    previous_miscarriages: Annotated[int, Field(ge=0, le=30)] = Field(
        description="Number of previous miscarriages; the table has columns for 2 to 5."
    )


def _key(age: int, count: int) -> str:
    return f"success_age_{age}_after_{count}"


def calculate(inputs: Inputs) -> CalculationResult:
    trail = start(NAME, inputs)
    ages = [int(row["age_years"]) for row in trail.data.tables["ages"]]
    counts = [
        int(row["previous_miscarriages"]) for row in trail.data.tables["previous_miscarriages"]
    ]
    age, count = inputs.age_years, inputs.previous_miscarriages
    trail.caveats.append(
        "The table comes from one UK clinic's cohort of women with idiopathic recurrent "
        "miscarriage who had supportive care; it may not fit other populations."
    )
    details: dict[str, JsonValue] = {"age_years": age, "previous_miscarriages": count}

    exact_age = next((a for a in ages if a == age), None)
    if exact_age is not None and count in counts:
        key = _key(exact_age, count)
        number = trail.number(key)
        percent = number.value
        status = (
            "read in a reproduction" if number.evidence == "secondary" else "recalled, not verified"
        )
        trail.step(
            f"Table cell age {exact_age}, {count} previous miscarriages: {percent}% ({status})."
        )
        details["cell_evidence"] = number.evidence
        return trail.result(
            percent if isinstance(percent, int | float) else None,
            f"Predicted success of the next pregnancy: {percent}% (age {exact_age}, {count} previous "
            f"miscarriages; {status}).",
            details,
        )

    reasons = []
    if count not in counts:
        reasons.append(f"the table covers {counts[0]} to {counts[-1]} previous miscarriages")
    if exact_age is None:
        if age < ages[0] or age > ages[-1]:
            reasons.append(f"the table covers ages {ages[0]} to {ages[-1]}")
        else:
            reasons.append(f"the table has rows for ages {', '.join(map(str, ages))} only")
    neighbours: list[JsonValue] = []
    if count in counts:
        lower = max((a for a in ages if a <= age), default=None)
        upper = min((a for a in ages if a >= age), default=None)
        for row in sorted({a for a in (lower, upper) if a is not None}):
            number = trail.number(_key(row, count))
            neighbours.append(
                {
                    "age_years": row,
                    "previous_miscarriages": count,
                    "success_percent": number.value,
                    "evidence": number.evidence,
                }
            )
    details["neighbouring_cells"] = neighbours
    trail.step(
        "No cell for this woman: "
        + "; ".join(reasons)
        + ". The paper gives no formula, so nothing is interpolated."
    )
    if neighbours:
        trail.step(
            "Neighbouring cells: "
            + ", ".join(
                f"age {n['age_years']}: {n['success_percent']}%"
                for n in neighbours
                if isinstance(n, dict)
            )
            + "."
        )
    return trail.result(
        "not_tabulated",
        "Not tabulated: " + "; ".join(reasons) + " (no interpolation).",
        details,
    )
