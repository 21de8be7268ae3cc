"""`bmi-class`: the adult BMI class (WHO) and where the BMI lies against RCOG's risk band.

The class cut-offs are data (`rpl/knowledge/calculators/bmi-class.yaml`), named by a set of
cut-offs (`cut_offs`), so another set (for example the lower cut-offs discussed for Asian
populations, issue 22) is a new entry in the data file and a new choice here, never a number
in code. RCOG GTG 17 lists a BMI below 19 or above 25 kg/m² among the risk factors for
miscarriage; `details.rcog_risk_band` says which side of that band the BMI lies on.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, JsonValue

from rpl.core.calculators.base import CalculationResult, CalculatorInput, start

NAME = "bmi-class"

# Classes from lowest to highest, each with the data key of its lower limit (None: no limit).
CLASSES: tuple[tuple[str, str | None], ...] = (
    ("underweight", None),
    ("normal", "who_normal_from"),
    ("overweight", "who_overweight_from"),
    ("obesity_class_1", "who_obesity_class_1_from"),
    ("obesity_class_2", "who_obesity_class_2_from"),
    ("obesity_class_3", "who_obesity_class_3_from"),
)
WORDS = {
    "underweight": "underweight",
    "normal": "normal weight",
    "overweight": "overweight",
    "obesity_class_1": "obesity (class I)",
    "obesity_class_2": "obesity (class II)",
    "obesity_class_3": "obesity (class III)",
}


class Inputs(CalculatorInput):
    """An adult's body-mass index."""

    bmi_kg_m2: Annotated[float, Field(ge=10, le=90)] = Field(
        description="Body-mass index in kg/m² (weight in kg divided by the square of height in m)."
    )
    cut_offs: Literal["who"] = Field(
        default="who",
        description="Which published cut-offs to use: who (the WHO international classification).",
    )


def calculate(inputs: Inputs) -> CalculationResult:
    trail = start(NAME, inputs)
    bmi = inputs.bmi_kg_m2
    chosen = "underweight"
    for name, key in CLASSES:
        if key is not None and bmi >= trail.value(key):
            chosen = name
    trail.step(f"BMI {bmi:g} kg/m²: {WORDS[chosen]} by the WHO classification.")
    low, high = trail.value("rcog_risk_below"), trail.value("rcog_risk_above")
    band: str | None = "below" if bmi < low else "above" if bmi > high else None
    if band is None:
        trail.step(f"Within RCOG's band of {low:g} to {high:g} kg/m².")
    else:
        trail.step(
            f"{'Below' if band == 'below' else 'Above'} RCOG's band of {low:g} to {high:g} kg/m²,"
            " which RCOG lists as a risk factor for miscarriage."
        )
    details: dict[str, JsonValue] = {
        "bmi_kg_m2": bmi,
        "cut_offs": inputs.cut_offs,
        "obesity": chosen.startswith("obesity"),
        "rcog_risk_band": band,
    }
    return trail.result(
        chosen, f"BMI {bmi:g} kg/m²: {WORDS[chosen]} (WHO classification).", details
    )
