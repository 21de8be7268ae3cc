"""`bmi-class`: the adult BMI class and where the BMI lies against RCOG's risk band.

The class cut-offs are data (`rpl/knowledge/calculators/bmi-class.yaml`), named by a set of
cut-offs (`cut_offs`): `who` (the international classification), `who-asia-2004` (the WHO
expert consultation's action points for Asian populations), `asia-pacific-2000` (WHO Western
Pacific Region) and `china-2024` (China's National Health Commission). A profile chooses the
set (`bmi_cut_offs`, issue 22); the result names it (`details.cut_offs`) and its summary says
which set decided the class. Never a number in code. RCOG GTG 17 lists a BMI below 19 or above 25 kg/m² among the risk factors for
miscarriage; `details.rcog_risk_band` says which side of that band the BMI lies on.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, JsonValue

from rpl.core.calculators.base import CalculationResult, CalculatorInput, start

NAME = "bmi-class"

CutOffs = Literal["who", "who-asia-2004", "asia-pacific-2000", "china-2024"]
CUT_OFF_SETS: tuple[str, ...] = get_args(CutOffs)

# Per set, classes from lowest to highest, each with the data key of its lower limit (None: no
# limit). A set without classes of obesity calls every BMI above its last limit "obesity".
CLASSES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "who": (
        ("underweight", None),
        ("normal", "who_normal_from"),
        ("overweight", "who_overweight_from"),
        ("obesity_class_1", "who_obesity_class_1_from"),
        ("obesity_class_2", "who_obesity_class_2_from"),
        ("obesity_class_3", "who_obesity_class_3_from"),
    ),
    # The consultation keeps WHO's 18.5 (the international classes stay).
    "who-asia-2004": (
        ("underweight", None),
        ("normal", "who_normal_from"),
        ("overweight", "asia_2004_increased_risk_from"),
        ("obesity", "asia_2004_high_risk_from"),
    ),
    "asia-pacific-2000": (
        ("underweight", None),
        ("normal", "wpro_normal_from"),
        ("overweight", "wpro_overweight_from"),
        ("obesity_class_1", "wpro_obesity_class_1_from"),
        ("obesity_class_2", "wpro_obesity_class_2_from"),
    ),
    "china-2024": (
        ("underweight", None),
        ("normal", "china_normal_from"),
        ("overweight", "china_overweight_from"),
        ("obesity", "china_obesity_from"),
    ),
}
WORDS = {
    "underweight": "underweight",
    "normal": "normal weight",
    "overweight": "overweight",
    "obesity": "obesity",
    "obesity_class_1": "obesity (class I)",
    "obesity_class_2": "obesity (class II)",
    "obesity_class_3": "obesity (class III)",
}
# Each set by name, as the summary and the assessment's sentences say it.
SET_NAMES = {
    "who": "the WHO classification",
    "who-asia-2004": "the cut-offs for Asian populations (WHO expert consultation, 2004)",
    "asia-pacific-2000": "the Asia-Pacific cut-offs (WHO Western Pacific Region, 2000)",
    "china-2024": "China's adult cut-offs (National Health Commission, 2024)",
}


class Inputs(CalculatorInput):
    """An adult's body-mass index."""

    bmi_kg_m2: Annotated[float, Field(ge=10, le=90)] = Field(
        description="Body-mass index in kg/m² (weight in kg divided by the square of height in m)."
    )
    # No default: which cut-offs decide the class is a definition (a profile's bmi_cut_offs).
    cut_offs: CutOffs = Field(
        description="Which published cut-offs to use: who (the WHO international"
        " classification), who-asia-2004 (WHO expert consultation for Asian populations),"
        " asia-pacific-2000 (WHO Western Pacific Region) or china-2024 (China's National Health"
        " Commission).",
    )


def calculate(inputs: Inputs) -> CalculationResult:
    trail = start(NAME, inputs)
    bmi = inputs.bmi_kg_m2
    chosen = "underweight"
    by = SET_NAMES[inputs.cut_offs]
    for name, key in CLASSES[inputs.cut_offs]:
        if key is not None and bmi >= trail.value(key):
            chosen = name
    trail.step(f"BMI {bmi:g} kg/m²: {WORDS[chosen]} by {by}.")
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
    return trail.result(chosen, f"BMI {bmi:g} kg/m²: {WORDS[chosen]} by {by}.", details)
