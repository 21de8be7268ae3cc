"""The registered calculators: name → input model, function and an example input."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from rpl.core.calculators import (
    aps_acr_eular_2023,
    aps_sydney_2006,
    bmi_class,
    cerclage,
    miscarriage_risk_magnus_2019,
    prognosis_brigham_1999,
    septum_asrm_2016,
    septum_cume_2018,
    thyroid_ata_2017,
    uterus_eshre_esge_2013,
)
from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorData,
    CalculatorInput,
    CalculatorInputError,
    load_data,
)
from rpl.core.parsing import Problem, RecordError, load_json, problems_from_validation_error

ROOT = "input"


@dataclass(frozen=True)
class Calculator:
    name: str
    inputs: type[CalculatorInput]
    function: Callable[..., CalculationResult]
    example: Mapping[str, Any]
    # Takes `explain=False` (value, summary and citations only): the engine's APS runs.
    brief: bool = False

    @property
    def data(self) -> CalculatorData:
        return load_data(self.name)

    def json_schema(self) -> dict[str, Any]:
        schema = self.inputs.model_json_schema(mode="validation")
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:rpl-care:schema:calculator:{self.name}",
            "title": f"{self.name} input",
            "description": self.data.title,
            **{k: v for k, v in schema.items() if k not in ("title", "description")},
        }


_APS_LAB_EXAMPLE: dict[str, Any] = {
    "lupus_anticoagulant": [
        {"date": "2024-01-10", "positive": True},
        {"date": "2024-04-15", "positive": True},
    ],
    "anticardiolipin_igg": [
        {"date": "2024-01-10", "titre_gpl": 52},
        {"date": "2024-04-15", "titre_gpl": 61},
    ],
}

CALCULATORS: dict[str, Calculator] = {
    c.name: c
    for c in [
        Calculator(
            aps_sydney_2006.NAME,
            aps_sydney_2006.Inputs,
            aps_sydney_2006.calculate,
            brief=True,
            example={
                "vascular_thrombosis": False,
                "pregnancies": [
                    {
                        "outcome": "loss",
                        "gestational_age": "7+2",
                        "explained_by_other_cause": False,
                    },
                    {
                        "outcome": "loss",
                        "gestational_age": "8+0",
                        "explained_by_other_cause": False,
                    },
                    {
                        "outcome": "loss",
                        "gestational_age": "6+5",
                        "explained_by_other_cause": False,
                    },
                ],
                "other_causes_of_early_losses_excluded": True,
                "clinical_event_dates": ["2023-09-01"],
                **_APS_LAB_EXAMPLE,
            },
        ),
        Calculator(
            aps_acr_eular_2023.NAME,
            aps_acr_eular_2023.Inputs,
            aps_acr_eular_2023.calculate,
            brief=True,
            example={
                "clinical_criteria": [],
                "pregnancies": [
                    {
                        "outcome": "birth",
                        "gestational_age": "31+4",
                        "explained_by_other_cause": False,
                        "features": ["severe_preeclampsia_before_34w"],
                    }
                ],
                "clinical_criterion_dates": ["2023-09-01"],
                **_APS_LAB_EXAMPLE,
            },
        ),
        Calculator(
            uterus_eshre_esge_2013.NAME,
            uterus_eshre_esge_2013.Inputs,
            uterus_eshre_esge_2013.calculate,
            {
                "formation": "two_sided",
                "internal_indentation_mm": 9,
                "external_indentation_mm": 0,
                "wall_thickness_mm": 12,
                "septum_reaches_internal_os": False,
                "cervix": "C0",
                "vagina": "V0",
            },
        ),
        Calculator(
            septum_asrm_2016.NAME,
            septum_asrm_2016.Inputs,
            septum_asrm_2016.calculate,
            {
                "internal_indentation_mm": 12,
                "indentation_angle_deg": 110,
                "external_indentation_mm": 0,
            },
        ),
        Calculator(
            septum_cume_2018.NAME,
            septum_cume_2018.Inputs,
            septum_cume_2018.calculate,
            {"internal_indentation_mm": 12},
        ),
        Calculator(
            thyroid_ata_2017.NAME,
            thyroid_ata_2017.Inputs,
            thyroid_ata_2017.calculate,
            {
                "pregnant": True,
                "tsh_miu_per_l": 3.1,
                "tpo_antibodies": "positive",
                "free_t4": "normal",
            },
        ),
        Calculator(
            cerclage.NAME,
            cerclage.Inputs,
            cerclage.calculate,
            {
                "guideline": "nice-ng25",
                "singleton": True,
                "previous_pregnancies": [
                    {"kind": "spontaneous_second_trimester_loss", "gestational_age": "19+2"}
                ],
                "cervical_length_mm": 22,
                "current_gestational_age": "18+0",
            },
        ),
        Calculator(
            bmi_class.NAME,
            bmi_class.Inputs,
            bmi_class.calculate,
            {"bmi_kg_m2": 31.2, "cut_offs": "who"},
        ),
        Calculator(
            prognosis_brigham_1999.NAME,
            prognosis_brigham_1999.Inputs,
            prognosis_brigham_1999.calculate,
            {"age_years": 30, "previous_miscarriages": 3},
        ),
        Calculator(
            miscarriage_risk_magnus_2019.NAME,
            miscarriage_risk_magnus_2019.Inputs,
            miscarriage_risk_magnus_2019.calculate,
            {"age_years": 36, "previous_consecutive_miscarriages": 2},
        ),
    ]
}


def get_calculator(name: str) -> Calculator:
    calculator = CALCULATORS.get(name)
    if calculator is None:
        raise CalculatorInputError(
            [Problem("calculator", "unknown calculator name (`rpl calc --list` lists them)")]
        )
    return calculator


def parse_input(name: str, source: str | bytes | Mapping[str, Any]) -> CalculatorInput:
    """Validate a calculator input (JSON text or an already-parsed mapping).

    Raises CalculatorInputError with one problem per field; messages never repeat the value.
    """
    calculator = get_calculator(name)
    if isinstance(source, Mapping):
        data: Any = source
    else:
        try:
            data = load_json(source)
        except RecordError as exc:
            raise CalculatorInputError([_reword(p, name) for p in exc.problems]) from exc
    if not isinstance(data, dict):
        raise CalculatorInputError([Problem(ROOT, "expected a JSON object")])
    return _checked(
        name, lambda: calculator.inputs.model_validate_json(json.dumps(data, default=str))
    )


def build_input(name: str, values: Mapping[str, Any]) -> CalculatorInput:
    """Validate an input given as Python values of the model's own types (dates as
    `datetime.date`, gestational ages as `GestationalAge`), as the engine holds them.

    The same checks and problem wording as `parse_input`, without a round trip through JSON
    text. Raises CalculatorInputError with one problem per field.
    """
    calculator = get_calculator(name)
    return _checked(name, lambda: calculator.inputs.model_validate(values))


def _checked(name: str, validate: Callable[[], CalculatorInput]) -> CalculatorInput:
    """Run one way of validating, then the input's own cross-field checks; every problem as
    a CalculatorInputError, worded alike for JSON text and Python values."""
    try:
        inputs = validate()
    except ValidationError as exc:
        raise CalculatorInputError(
            [_reword(problem, name) for problem in problems_from_validation_error(exc)]
        ) from exc
    problems = inputs.problems()
    if problems:
        raise CalculatorInputError(problems)
    return inputs


def _reword(problem: Problem, name: str) -> Problem:
    path = ROOT if problem.path == "record" else problem.path
    message = problem.message
    if message.startswith("unknown field"):
        message = f"unknown field (see `rpl calc {name} --schema` for the fields)"
    return Problem(path, message)


def run(
    name: str,
    source: str | bytes | Mapping[str, Any] | CalculatorInput,
    *,
    explain: bool = True,
) -> CalculationResult:
    """Validate the input and run the calculator: the one entry point for CLI, API and engine.

    `source` is JSON text, a parsed mapping, or an input already built and validated for this
    calculator (`build_input`), which the engine passes to skip parsing it again.
    `explain=False` (calculators marked `brief` only) leaves the explanation, assumptions and
    caveats empty: for the engine, which shows only the value, summary and citations.
    """
    calculator = get_calculator(name)
    if not explain and not calculator.brief:
        raise TypeError(f"{name}: always explains its result (not a brief calculator)")
    if not isinstance(source, CalculatorInput):
        source = parse_input(name, source)
    elif type(source) is not calculator.inputs:
        raise TypeError(f"{name}: expected {calculator.inputs.__name__}")
    if explain:
        return calculator.function(source)
    return calculator.function(source, explain=False)
