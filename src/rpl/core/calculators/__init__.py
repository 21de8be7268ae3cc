"""Calculators and classification criteria, validated on published tables.

One implementation with two faces: `rpl calc` (CLI) and this API, which the engine calls for
its findings. Every calculator takes a pydantic input model (units in the field names) and
returns a `CalculationResult` with the value, how it was reached, and the citation and evidence
status of every published number it used.

    from rpl.core.calculators import run
    result = run("septum-asrm-2016", {"internal_indentation_mm": 17,
                                      "indentation_angle_deg": 70, "external_indentation_mm": 0})

Typed functions are available per calculator, e.g.
`calculate_thyroid_ata_2017(ThyroidAta2017Input(...))`.
"""

from __future__ import annotations

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
    CalculatorInput,
    CalculatorInputError,
    Citation,
)
from rpl.core.calculators.registry import (
    CALCULATORS,
    Calculator,
    build_input,
    get_calculator,
    parse_input,
    run,
)

ApsSydney2006Input = aps_sydney_2006.Inputs
ApsAcrEular2023Input = aps_acr_eular_2023.Inputs
UterusEshreEsge2013Input = uterus_eshre_esge_2013.Inputs
SeptumAsrm2016Input = septum_asrm_2016.Inputs
SeptumCume2018Input = septum_cume_2018.Inputs
ThyroidAta2017Input = thyroid_ata_2017.Inputs
CerclageInput = cerclage.Inputs
BmiClassInput = bmi_class.Inputs
PrognosisBrigham1999Input = prognosis_brigham_1999.Inputs
MiscarriageRiskMagnus2019Input = miscarriage_risk_magnus_2019.Inputs

calculate_aps_sydney_2006 = aps_sydney_2006.calculate
calculate_aps_acr_eular_2023 = aps_acr_eular_2023.calculate
calculate_uterus_eshre_esge_2013 = uterus_eshre_esge_2013.calculate
calculate_septum_asrm_2016 = septum_asrm_2016.calculate
calculate_septum_cume_2018 = septum_cume_2018.calculate
calculate_thyroid_ata_2017 = thyroid_ata_2017.calculate
calculate_cerclage = cerclage.calculate
calculate_bmi_class = bmi_class.calculate
calculate_prognosis_brigham_1999 = prognosis_brigham_1999.calculate
calculate_miscarriage_risk_magnus_2019 = miscarriage_risk_magnus_2019.calculate

__all__ = [
    "CALCULATORS",
    "ApsAcrEular2023Input",
    "ApsSydney2006Input",
    "BmiClassInput",
    "CalculationResult",
    "Calculator",
    "CalculatorInput",
    "CalculatorInputError",
    "CerclageInput",
    "Citation",
    "MiscarriageRiskMagnus2019Input",
    "PrognosisBrigham1999Input",
    "SeptumAsrm2016Input",
    "SeptumCume2018Input",
    "ThyroidAta2017Input",
    "UterusEshreEsge2013Input",
    "build_input",
    "calculate_aps_acr_eular_2023",
    "calculate_aps_sydney_2006",
    "calculate_bmi_class",
    "calculate_cerclage",
    "calculate_miscarriage_risk_magnus_2019",
    "calculate_prognosis_brigham_1999",
    "calculate_septum_asrm_2016",
    "calculate_septum_cume_2018",
    "calculate_thyroid_ata_2017",
    "calculate_uterus_eshre_esge_2013",
    "get_calculator",
    "parse_input",
    "run",
]
