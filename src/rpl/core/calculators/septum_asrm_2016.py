"""`septum-asrm-2016`: ASRM 2016 criteria for normal/arcuate, septate and bicornuate uterus.

Everything the three definitions leave out (a depth from 10 to 15 mm, a depth and angle that
disagree, a depth or angle exactly on a cut-off) is the grey zone, returned as `grey_zone`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, JsonValue

from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorInput,
    start,
)

NAME = "septum-asrm-2016"


class Inputs(CalculatorInput):
    """Coronal-plane measurements of the uterine fundus (3D ultrasound or MRI)."""

    internal_indentation_mm: Annotated[float, Field(ge=0, le=100)] = Field(
        description="Depth of the internal fundal indentation, from the interstitial line "
        "(joining the tubal ostia) to its apex."
    )
    indentation_angle_deg: Annotated[float, Field(gt=0, le=180)] = Field(
        description="Angle of the internal indentation at its apex (180 for a flat fundus)."
    )
    external_indentation_mm: Annotated[float, Field(ge=0, le=100)] = Field(
        description="Depth of the external fundal indentation (0 for a straight outline)."
    )


def calculate(inputs: Inputs) -> CalculationResult:
    trail = start(NAME, inputs)
    depth = inputs.internal_indentation_mm
    angle = inputs.indentation_angle_deg
    external = inputs.external_indentation_mm
    details: dict[str, JsonValue] = {
        "internal_indentation_mm": depth,
        "indentation_angle_deg": angle,
        "external_indentation_mm": external,
    }

    bicornuate_above = trail.value("bicornuate_external_above_mm")
    if external > bicornuate_above:
        trail.step(
            f"External indentation {external:g} mm is above {bicornuate_above:g} mm: bicornuate."
        )
        return trail.result("bicornuate", "Bicornuate uterus by the ASRM 2016 criteria.", details)
    trail.step(
        f"External indentation {external:g} mm is not above {bicornuate_above:g} mm: not bicornuate."
    )

    septate_depth = trail.value("septate_depth_above_mm")
    septate_angle = trail.value("septate_angle_below_deg")
    if depth > septate_depth and angle < septate_angle:
        trail.step(
            f"Depth {depth:g} mm above {septate_depth:g} mm and angle {angle:g}° below "
            f"{septate_angle:g}°: septate."
        )
        return trail.result("septate", "Septate uterus by the ASRM 2016 criteria.", details)

    normal_depth = trail.value("normal_depth_below_mm")
    normal_angle = trail.value("normal_angle_above_deg")
    if depth < normal_depth and angle > normal_angle:
        trail.step(
            f"Depth {depth:g} mm below {normal_depth:g} mm and angle {angle:g}° above "
            f"{normal_angle:g}°: normal/arcuate."
        )
        return trail.result(
            "normal_arcuate", "Normal or arcuate uterus by the ASRM 2016 criteria.", details
        )

    reasons = []
    if normal_depth <= depth <= septate_depth:
        reasons.append(f"depth {depth:g} mm lies from {normal_depth:g} to {septate_depth:g} mm")
    elif depth > septate_depth:
        reasons.append(
            f"depth {depth:g} mm is septate but angle {angle:g}° is not below {septate_angle:g}°"
        )
    else:
        reasons.append(
            f"depth {depth:g} mm is normal but angle {angle:g}° is not above {normal_angle:g}°"
        )
    trail.step(
        "Neither definition fits: "
        + "; ".join(reasons)
        + ". ASRM 2016 leaves this between normal and septate."
    )
    details["reason"] = "; ".join(reasons)
    return trail.result(
        "grey_zone",
        "Grey zone: the measurements meet neither the ASRM 2016 septate nor the normal/arcuate "
        "definition (" + "; ".join(reasons) + ").",
        details,
    )
