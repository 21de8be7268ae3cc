"""`uterus-eshre-esge-2013`: ESHRE/ESGE 2013 uterine class (U0-U6) from raw measurements.

The indentations are given in millimetres and divided by the wall thickness here. Two places
where the source's wording leaves a case open are returned as `undefined_by_source`:
* an external indentation of exactly 50% of the wall (neither "<50%" for U2 nor ">50%" for U3);
* an internal indentation above 0 and below 50% in an otherwise normal cavity, which the U0
  ("not exceeding 50%") and U1c ("less than 50%") definitions both cover.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, JsonValue

from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorInput,
    CalculatorInputError,
    start,
)
from rpl.core.parsing import Problem
from rpl.core.text import fill, template
from rpl.core.text import gettext_noop as _

NAME = "uterus-eshre-esge-2013"

Millimetres = Annotated[float, Field(ge=0, le=100)]


class Inputs(CalculatorInput):
    """Uterine measurements (3D ultrasound or MRI, coronal plane) and descriptive findings."""

    formation: Literal["two_sided", "hemi_uterus", "aplastic", "unclassified"] = Field(
        description="two_sided: both sides formed (classes U0-U3, decided by the "
        "measurements); hemi_uterus: unilaterally formed (U4); aplastic: absent or "
        "rudimentary uterine body (U5); unclassified: does not fit (U6)."
    )
    internal_indentation_mm: Millimetres | None = Field(
        default=None,
        description="Internal fundal indentation (from the interostial line). Needed when "
        "formation is two_sided.",
    )
    external_indentation_mm: Millimetres | None = Field(
        default=None,
        description="External fundal indentation (0 for a straight outline). Needed when "
        "formation is two_sided.",
    )
    wall_thickness_mm: Annotated[float, Field(gt=0, le=100)] | None = Field(
        default=None,
        description="Uterine wall thickness above the interostial line. Needed when formation "
        "is two_sided.",
    )
    cavity_shape: Literal["normal", "t_shaped", "infantilis", "other_minor_deformity"] = Field(
        default="normal",
        description="Shape of the cavity apart from any midline indentation: t_shaped (narrow "
        "cavity, thick lateral walls; U1a), infantilis (narrow cavity, corpus one third and "
        "cervix two thirds; U1b), other_minor_deformity (U1c).",
    )
    septum_reaches_internal_os: bool | None = Field(
        default=None,
        description="For a septum: it divides the cavity down to the internal os (U2b) or only "
        "partly (U2a). Null if not known.",
    )
    corpus_division: Literal["partial", "complete"] | None = Field(
        default=None,
        description="For a bicorporeal uterus: the external indentation divides the corpus "
        "partly above the cervix (U3a) or completely down to it (U3b).",
    )
    rudimentary_cavity: bool | None = Field(
        default=None,
        description="For hemi-uterus or aplastic uterus: a rudimentary (functional) cavity is "
        "present (U4a or U5a) or not (U4b or U5b).",
    )
    cervix: Literal["C0", "C1", "C2", "C3", "C4"] | None = Field(
        default=None, description="Cervical co-class as assessed (C0 normal ... C4 aplasia)."
    )
    vagina: Literal["V0", "V1", "V2", "V3", "V4"] | None = Field(
        default=None, description="Vaginal co-class as assessed (V0 normal ... V4 aplasia)."
    )

    def problems(self) -> list[Problem]:
        if self.formation != "two_sided":
            return []
        return [
            Problem(name, "required when formation is two_sided")
            for name in ("internal_indentation_mm", "external_indentation_mm", "wall_thickness_mm")
            if getattr(self, name) is None
        ]


# The result's summary in whole marked sentences (rpl.core.text), so that outputs in the
# couple's language show it translated; percentages come from the calculator's numbers.
CLASSES = {
    "U0": _("Class U0 (normal uterus)."),
    "U1a": _("Class U1a (dysmorphic uterus, T-shaped)."),
    "U1b": _("Class U1b (dysmorphic uterus, infantilis)."),
    "U1c": _("Class U1c (dysmorphic uterus, other minor deformity)."),
    "U2a": _("Class U2a (partial septate uterus)."),
    "U2b": _("Class U2b (complete septate uterus)."),
    "U3a": _("Class U3a (partial bicorporeal uterus)."),
    "U3b": _("Class U3b (complete bicorporeal uterus)."),
    "U3c": _("Class U3c (bicorporeal septate uterus); the U3c cut-off is unverified."),
    "U4a": _("Class U4a (hemi-uterus)."),
    "U4b": _("Class U4b (hemi-uterus)."),
    "U5a": _("Class U5a (aplastic uterus)."),
    "U5b": _("Class U5b (aplastic uterus)."),
    "U6": _("Class U6 (unclassified malformation)."),
}
NO_SUBCLASS = {
    # Plain words for the missing input (the clinician reads them; field names are for forms).
    "U2": _(
        "Class U2 (septate uterus); the subclass needs to know whether the septum reaches the"
        " internal opening of the cervix."
    ),
    "U3": _(
        "Class U3 (bicorporeal uterus); the subclass needs to know how far the body of the"
        " uterus is divided."
    ),
    "U4": _(
        "Class U4 (hemi-uterus); the subclass needs to know whether a rudimentary horn has a"
        " cavity."
    ),
    "U5": _(
        "Class U5 (aplastic uterus); the subclass needs to know whether a rudimentary horn has"
        " a cavity."
    ),
}
EXACTLY_U2_U3 = template(
    _(
        "Undefined by the source: an external indentation of exactly %(percent)d%% of the wall"
        " thickness is neither below %(below)d%% (U2) nor above %(above)d%% (U3)."
    )
)
EXACTLY_U0 = template(
    _("Class U0 (normal uterus): indentation of exactly %(percent)d%%, not exceeding it.")
)
U0_OR_U1C = template(
    _(
        "Undefined by the source: U0 (indentation not exceeding %(at_most)d%%) or U1c (minor"
        " deformity with an indentation below %(below)d%%); the definitions overlap."
    )
)


def _percent(fraction: float) -> int:
    """A cut-off (a fraction of the wall thickness) as whole per cent."""
    return round(fraction * 100)


def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def calculate(inputs: Inputs) -> CalculationResult:
    trail = start(NAME, inputs)
    trail.number("subclasses")
    co_classes = "".join(f"/{c}" for c in (inputs.cervix, inputs.vagina) if c is not None)
    details: dict[str, JsonValue] = {"cervix": inputs.cervix, "vagina": inputs.vagina}

    def done(value: str, summary: str) -> CalculationResult:
        details["class"] = value
        label = value + co_classes if value.startswith("U") else value
        details["label"] = label
        return trail.result(value, summary, details)

    if inputs.formation == "hemi_uterus" or inputs.formation == "aplastic":
        main = "U4" if inputs.formation == "hemi_uterus" else "U5"
        name = "hemi-uterus" if main == "U4" else "aplastic uterus"
        trail.step(f"Formation recorded as {name}: class {main}.")
        if inputs.rudimentary_cavity is None:
            trail.step("Whether a rudimentary cavity is present is not given, so no subclass.")
            return done(main, NO_SUBCLASS[main])
        sub = main + ("a" if inputs.rudimentary_cavity else "b")
        trail.step(
            f"Rudimentary cavity {'present' if inputs.rudimentary_cavity else 'absent'}: {sub}."
        )
        return done(sub, CLASSES[sub])
    if inputs.formation == "unclassified":
        trail.step("Recorded as not fitting any class: U6.")
        return done("U6", CLASSES["U6"])

    internal_mm = inputs.internal_indentation_mm
    external_mm = inputs.external_indentation_mm
    wall = inputs.wall_thickness_mm
    if internal_mm is None or external_mm is None or wall is None:
        raise CalculatorInputError(inputs.problems())
    internal = internal_mm / wall
    external = external_mm / wall
    details["internal_indentation_percent_of_wall"] = round(internal * 100, 1)
    details["external_indentation_percent_of_wall"] = round(external * 100, 1)
    trail.step(
        f"Internal indentation {internal_mm:g} mm / wall {wall:g} mm = "
        f"{internal * 100:.1f}% of the wall; external {external_mm:g} mm = "
        f"{external * 100:.1f}%."
    )

    u3_above = trail.value("u3_external_above")
    u2_external_below = trail.value("u2_external_below")
    if external > u3_above and not _equal(external, u3_above):
        trail.step(f"External indentation above {u3_above:.0%} of the wall: bicorporeal (U3).")
        u3c = trail.data.number("u3c_internal_above")
        u3c_value = float(u3c.value) if isinstance(u3c.value, int | float) else math.inf
        if internal > u3c_value:
            trail.cite("u3c_internal_above", u3c)
            trail.step(
                f"Midline indentation above {u3c_value:.0%} of the wall thickness: "
                "bicorporeal septate (U3c) — this cut-off is unverified."
            )
            return done("U3c", CLASSES["U3c"])
        if inputs.corpus_division is None:
            trail.step("How far the corpus is divided is not given, so no subclass (U3a/U3b).")
            return done("U3", NO_SUBCLASS["U3"])
        sub = "U3a" if inputs.corpus_division == "partial" else "U3b"
        trail.step(f"Corpus divided {inputs.corpus_division}ly: {sub}.")
        return done(sub, CLASSES[sub])
    if _equal(external, u3_above):
        trail.step(
            f"External indentation exactly {u3_above:.0%} of the wall: U2 needs less than "
            f"{u2_external_below:.0%} and U3 more than {u3_above:.0%}; the source does not say."
        )
        details["candidates"] = (
            ["U2", "U3"] if internal > trail.value("u2_internal_above") else ["U0", "U1", "U3"]
        )
        return done(
            "undefined_by_source",
            fill(
                EXACTLY_U2_U3,
                percent=_percent(u3_above),
                below=_percent(u2_external_below),
                above=_percent(u3_above),
            ),
        )

    u2_internal = trail.value("u2_internal_above")
    if internal > u2_internal and not _equal(internal, u2_internal):
        trail.step(
            f"Internal indentation above {u2_internal:.0%} with external below "
            f"{u2_external_below:.0%}: septate (U2)."
        )
        if inputs.septum_reaches_internal_os is None:
            trail.step("Whether the septum reaches the internal os is not given: no subclass.")
            return done("U2", NO_SUBCLASS["U2"])
        sub = "U2b" if inputs.septum_reaches_internal_os else "U2a"
        kind = "complete" if inputs.septum_reaches_internal_os else "partial"
        trail.step(f"Septum {kind}: {sub}.")
        return done(sub, CLASSES[sub])

    shapes = {
        "t_shaped": ("U1a", "T-shaped"),
        "infantilis": ("U1b", "infantilis"),
        "other_minor_deformity": ("U1c", "other minor deformity"),
    }
    if inputs.cavity_shape in shapes:
        sub, words = shapes[inputs.cavity_shape]
        trail.number("u1c_internal_below")
        trail.step(f"Normal outline, no septum, cavity {words}: dysmorphic uterus ({sub}).")
        return done(sub, CLASSES[sub])

    u0_max = trail.value("u0_internal_at_most")
    u1c_below = trail.value("u1c_internal_below")
    if internal_mm == 0:
        trail.step("No internal indentation and a normal cavity: normal uterus (U0).")
        return done("U0", CLASSES["U0"])
    if _equal(internal, u0_max):
        trail.step(
            f"Internal indentation exactly {u0_max:.0%}: within U0 ('not exceeding'); U1c needs "
            f"less than {u1c_below:.0%} and U2 more than {u2_internal:.0%}."
        )
        return done("U0", fill(EXACTLY_U0, percent=_percent(u0_max)))
    trail.step(
        f"Internal indentation between 0 and {u1c_below:.0%} with a normal cavity otherwise: the "
        f"U0 definition ('not exceeding {u0_max:.0%}') and U1c ('less than {u1c_below:.0%}') both "
        "cover it."
    )
    details["candidates"] = ["U0", "U1c"]
    return done(
        "undefined_by_source",
        fill(U0_OR_U1C, at_most=_percent(u0_max), below=_percent(u1c_below)),
    )
