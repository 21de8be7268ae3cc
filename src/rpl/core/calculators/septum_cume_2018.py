"""`septum-cume-2018`: the CUME criterion for septate versus normal/arcuate uterus.

Only the indentation-depth criterion (at least 10 mm) decides. When the angle or the wall
thickness is given, CUME's other cut-offs are reported beside it, marked unverified, and never
change the class.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import Field, JsonValue

from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorInput,
    start,
)

NAME = "septum-cume-2018"


class Inputs(CalculatorInput):
    """Coronal-plane measurements of the uterine fundus (3D ultrasound)."""

    internal_indentation_mm: Annotated[float, Field(ge=0, le=100)] = Field(
        description="Depth of the internal fundal indentation, from the interostial line to its apex."
    )
    indentation_angle_deg: Annotated[float, Field(gt=0, le=180)] | None = Field(
        default=None, description="Angle of the internal indentation (optional; information only)."
    )
    wall_thickness_mm: Annotated[float, Field(gt=0, le=100)] | None = Field(
        default=None,
        description="Fundal wall thickness, for the indentation-to-wall-thickness ratio "
        "(optional; information only).",
    )


def calculate(inputs: Inputs) -> CalculationResult:
    trail = start(NAME, inputs)
    depth = inputs.internal_indentation_mm
    cut = trail.value("septate_depth_from_mm")
    details: dict[str, JsonValue] = {"internal_indentation_mm": depth}
    trail.caveats.append(
        "CUME separates septate from normal/arcuate only; it does not classify bicorporeal "
        "(bicornuate) uteri, which need the external contour."
    )

    info: list[str] = []
    if inputs.indentation_angle_deg is not None:
        angle_cut = trail.value("angle_below_deg")
        below = inputs.indentation_angle_deg < angle_cut
        details["angle_suggests_septate_unverified"] = below
        info.append(
            f"angle {inputs.indentation_angle_deg:g}° is {'below' if below else 'not below'} {angle_cut:g}°"
        )
    if inputs.wall_thickness_mm is not None:
        ratio = depth / inputs.wall_thickness_mm * 100
        iwt_cut = trail.value("iwt_above_percent")
        # A computed ratio: 11 mm / 10 mm must read as exactly 110%, not just above it.
        above = ratio > iwt_cut and not math.isclose(ratio, iwt_cut, rel_tol=1e-9)
        details["indentation_to_wall_thickness_percent"] = round(ratio, 1)
        details["ratio_suggests_septate_unverified"] = above
        info.append(
            f"indentation-to-wall ratio {ratio:.0f}% is {'above' if above else 'not above'} {iwt_cut:g}%"
        )

    if depth >= cut:
        trail.step(f"Indentation depth {depth:g} mm is at least {cut:g} mm: septate.")
        value, summary = "septate", "Septate uterus by the CUME criterion (depth ≥10 mm)."
    else:
        trail.step(f"Indentation depth {depth:g} mm is below {cut:g} mm: normal/arcuate.")
        value, summary = (
            "normal_arcuate",
            "Normal or arcuate uterus by the CUME criterion (depth <10 mm).",
        )
    if info:
        trail.step(
            "For information only (unverified cut-offs, not used for the class): "
            + "; ".join(info)
            + "."
        )
    return trail.result(value, summary, details)
