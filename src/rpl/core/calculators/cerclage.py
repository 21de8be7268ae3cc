"""`cerclage`: history- and ultrasound-indicated cerclage eligibility under a chosen guideline.

The value has two parts, `history_indicated` and `ultrasound_indicated`, each one of:
recommended, conditional (may be offered or considered), choice_with_progesterone (NICE: offer
a choice of vaginal progesterone or cerclage — one decision between two treatments, not two
separate recommendations), not_recommended (the guideline advises against it in this
situation), not_indicated (its criteria are not met), not_covered (the guideline, as read, does
not address this case: twins, or a scan outside the guideline's window), not_assessed (no
cervical length given) or undefined_by_source.

The ultrasound route has a window: RCOG from 14+0 to before 24+0 weeks, NICE 16+0 to 24+0;
ACOG's lower limit was not found, so only its upper one is applied.

The threshold at exactly 25 mm differs: ACOG and NICE NG25 use "less than 25 mm", NICE QS135
"25 mm or less"; RCOG calls a cervix above 25 mm low risk.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, JsonValue

from rpl.core.calculators.base import (
    CalculationResult,
    CalculatorInput,
    Trail,
    start,
)
from rpl.core.gestation import GestationalAge, GestationalAgeField
from rpl.core.parsing import Problem

NAME = "cerclage"

Guideline = Literal["acog-pb142", "rcog-gtg75", "nice-ng25", "nice-qs135"]
Decision = Literal[
    "recommended",
    "conditional",
    "choice_with_progesterone",
    "not_recommended",
    "not_indicated",
    "not_covered",
    "not_assessed",
    "undefined_by_source",
]
GUIDELINE_NAMES = {
    "acog-pb142": "ACOG Practice Bulletin 142",
    "rcog-gtg75": "RCOG Green-top Guideline 75",
    "nice-ng25": "NICE NG25",
    "nice-qs135": "NICE QS135",
}


class PreviousPregnancy(CalculatorInput):
    """A previous spontaneous preterm birth or second-trimester loss (others need not be listed)."""

    kind: Literal["spontaneous_preterm_birth", "spontaneous_second_trimester_loss"]
    gestational_age: GestationalAgeField = Field(description="At the birth or loss.")
    painless_cervical_dilation: bool | None = Field(
        default=None,
        description="The loss followed painless cervical dilation without labour or placental "
        "abruption (needed for second-trimester losses under acog-pb142).",
    )


class Inputs(CalculatorInput):
    """Obstetric history, current pregnancy and (optionally) a transvaginal cervical length."""

    guideline: Guideline = Field(description="Which guideline's criteria to apply.")
    singleton: bool = Field(description="The current pregnancy is a singleton.")
    previous_pregnancies: list[PreviousPregnancy] = Field(
        description="Previous spontaneous preterm births and second-trimester losses; [] if none."
    )
    previous_cerclage_for_painless_dilation: bool | None = Field(
        default=None,
        description="A cerclage was placed in an earlier pregnancy for painless second-trimester "
        "dilation (needed for acog-pb142).",
    )
    cervical_length_mm: Annotated[float, Field(ge=0, le=80)] | None = Field(
        default=None, description="Transvaginal cervical length in the current pregnancy."
    )
    current_gestational_age: GestationalAgeField | None = Field(
        default=None, description="Gestational age when the cervical length was measured."
    )

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if self.cervical_length_mm is not None and self.current_gestational_age is None:
            problems.append(Problem("current_gestational_age", "required with cervical_length_mm"))
        if self.current_gestational_age is not None and self.cervical_length_mm is None:
            problems.append(Problem("cervical_length_mm", "required with current_gestational_age"))
        if self.guideline == "acog-pb142":
            if self.previous_cerclage_for_painless_dilation is None:
                problems.append(
                    Problem("previous_cerclage_for_painless_dilation", "required for acog-pb142")
                )
            for index, pregnancy in enumerate(self.previous_pregnancies):
                if (
                    pregnancy.kind == "spontaneous_second_trimester_loss"
                    and pregnancy.painless_cervical_dilation is None
                ):
                    problems.append(
                        Problem(
                            f"previous_pregnancies[{index}].painless_cervical_dilation",
                            "required for second-trimester losses under acog-pb142",
                        )
                    )
        return problems


def calculate(inputs: Inputs) -> CalculationResult:
    trail = start(NAME, inputs)
    name = GUIDELINE_NAMES[inputs.guideline]
    trail.step(f"Guideline: {name}.")
    if inputs.guideline == "acog-pb142":
        history, ultrasound = _acog(inputs, trail)
    elif inputs.guideline == "rcog-gtg75":
        history, ultrasound = _rcog(inputs, trail)
    else:
        trail.step(f"History-indicated cerclage: not addressed by {name} as read (not_covered).")
        history, ultrasound = "not_covered", _nice(inputs, trail)
    details: dict[str, JsonValue] = {"guideline": inputs.guideline}
    if inputs.cervical_length_mm is not None:
        details["cervical_length_mm"] = inputs.cervical_length_mm
        details["current_gestational_age"] = str(inputs.current_gestational_age)
    words = {
        "recommended": "recommended",
        "conditional": "may be offered or considered",
        "choice_with_progesterone": "offered as a choice with vaginal progesterone",
        "not_recommended": "not recommended",
        "not_indicated": "criteria not met",
        "not_covered": "not addressed",
        "not_assessed": "not assessed (no cervical length)",
        "undefined_by_source": "undefined by the source",
    }
    return trail.result(
        {"history_indicated": history, "ultrasound_indicated": ultrasound},
        f"{name}: history-indicated cerclage {words[history]}; ultrasound-indicated cerclage "
        f"{words[ultrasound]}.",
        details,
    )


def _weeks(trail: Trail, key: str) -> GestationalAge:
    return GestationalAge.of(int(trail.value(key)))


def _acog(inputs: Inputs, trail: Trail) -> tuple[Decision, Decision]:
    trail.number("acog_history_min_losses")
    painless = [
        i
        for i, p in enumerate(inputs.previous_pregnancies, start=1)
        if p.kind == "spontaneous_second_trimester_loss" and p.painless_cervical_dilation
    ]
    if painless or inputs.previous_cerclage_for_painless_dilation:
        reasons = []
        if painless:
            reasons.append(
                "second-trimester loss with painless dilation (pregnancy "
                + ", ".join(map(str, painless))
                + ")"
            )
        if inputs.previous_cerclage_for_painless_dilation:
            reasons.append("an earlier cerclage for painless dilation")
        trail.step("History-indicated: " + " and ".join(reasons) + " — may be considered.")
        history: Decision = "conditional"
    else:
        trail.step(
            "History-indicated: no second-trimester loss from painless dilation and no earlier cerclage for it."
        )
        history = "not_indicated"

    if inputs.cervical_length_mm is None or inputs.current_gestational_age is None:
        trail.step("Ultrasound-indicated: no cervical length given.")
        return history, "not_assessed"
    length, age = inputs.cervical_length_mm, inputs.current_gestational_age
    before = _weeks(trail, "acog_ultrasound_before_weeks")
    below = trail.value("acog_ultrasound_below_mm")
    prior_before = _weeks(trail, "acog_prior_preterm_before_weeks")
    if age >= before:
        trail.step(
            f"Ultrasound-indicated: measured at {age}, not before {before.weeks}+0 weeks (outside the criterion)."
        )
        return history, "not_covered"
    if not inputs.singleton:
        trail.step("Ultrasound-indicated: the ACOG criterion is for singleton pregnancies.")
        return history, "not_covered"
    prior = [
        i
        for i, p in enumerate(inputs.previous_pregnancies, start=1)
        if p.kind == "spontaneous_preterm_birth" and p.gestational_age < prior_before
    ]
    if length >= below:
        trail.step(
            f"Ultrasound-indicated: cervical length {length:g} mm is not below {below:g} mm."
        )
        return history, "not_indicated"
    if prior:
        trail.step(
            f"Ultrasound-indicated: cervical length {length:g} mm below {below:g} mm at {age}, "
            f"with a spontaneous preterm birth before {prior_before.weeks} weeks (pregnancy "
            + ", ".join(map(str, prior))
            + "): cerclage may be considered (ACOG Level A)."
        )
        return history, "conditional"
    trail.number("acog_short_cervix_without_history")
    trail.step(
        f"Ultrasound-indicated: cervical length below {below:g} mm but no spontaneous preterm "
        f"birth before {prior_before.weeks} weeks; ACOG reports no reduction in preterm birth "
        "from cerclage in that situation (Level A)."
    )
    return history, "not_recommended"


def _rcog(inputs: Inputs, trail: Trail) -> tuple[Decision, Decision]:
    preterm_before = _weeks(trail, "rcog_preterm_before_weeks")
    need = int(trail.value("rcog_history_min_preterm_births"))
    preterm = [
        p
        for p in inputs.previous_pregnancies
        if p.kind == "spontaneous_preterm_birth" and p.gestational_age < preterm_before
    ]
    losses = [
        p for p in inputs.previous_pregnancies if p.kind == "spontaneous_second_trimester_loss"
    ]
    if not inputs.singleton:
        trail.step("History-indicated: the RCOG recommendation is for singleton pregnancies.")
        history: Decision = "not_covered"
    elif len(preterm) >= need:
        trail.step(
            f"History-indicated: {len(preterm)} previous preterm births ({need} or more): offer cerclage (Grade B)."
        )
        history = "recommended"
    elif len(preterm) + len(losses) >= need:
        trail.step(
            f"History-indicated: {len(preterm)} preterm births and {len(losses)} second-trimester "
            f"losses; the key recommendation counts preterm births ({need} or more) and does not "
            "say whether second-trimester losses count."
        )
        history = "undefined_by_source"
    else:
        trail.step(f"History-indicated: {len(preterm)} previous preterm births, fewer than {need}.")
        history = "not_indicated"

    if inputs.cervical_length_mm is None or inputs.current_gestational_age is None:
        trail.step("Ultrasound-indicated: no cervical length given.")
        return history, "not_assessed"
    length, age = inputs.cervical_length_mm, inputs.current_gestational_age
    before = _weeks(trail, "rcog_ultrasound_before_weeks")
    from_ = _weeks(trail, "rcog_ultrasound_from_weeks")
    low_risk_above = trail.value("rcog_low_risk_above_mm")
    if not inputs.singleton:
        trail.step("Ultrasound-indicated: the RCOG recommendation is for singleton pregnancies.")
        return history, "not_covered"
    if age >= before:
        trail.step(
            f"Ultrasound-indicated: measured at {age}, after the usual window (before {before.weeks}+0)."
        )
        return history, "not_covered"
    if age < from_:
        trail.step(
            f"Ultrasound-indicated: measured at {age}, before the usual window (from "
            f"{from_.weeks}+0); a scan in the window would decide."
        )
        return history, "not_covered"
    at_risk = bool(preterm or losses)
    if not at_risk:
        if length > low_risk_above:
            trail.step(
                f"Ultrasound-indicated: no preterm birth or second-trimester loss; cervix {length:g} mm."
            )
            return history, "not_indicated"
        trail.number("rcog_incidental_short_cervix")
        trail.step(
            f"Ultrasound-indicated: short cervix ({length:g} mm) without a previous preterm birth or "
            "second-trimester loss; RCOG does not recommend cerclage for an incidental short cervix "
            "without other risk factors (other risk factors are not recorded here)."
        )
        return history, "not_recommended"
    if length > low_risk_above:
        trail.step(
            f"Ultrasound-indicated: cervix {length:g} mm, above {low_risk_above:g} mm: low risk."
        )
        return history, "not_indicated"
    trigger = trail.value("rcog_ultrasound_at_most_mm")
    trail.step(
        f"Ultrasound-indicated: cervix {length:g} mm ({trigger:g} mm or less) after a spontaneous "
        "preterm birth or second-trimester loss: shortening may benefit from cerclage."
    )
    return history, "conditional"


def _nice(inputs: Inputs, trail: Trail) -> Decision:
    if inputs.cervical_length_mm is None or inputs.current_gestational_age is None:
        trail.step("Ultrasound-indicated: no cervical length given.")
        return "not_assessed"
    length, age = inputs.cervical_length_mm, inputs.current_gestational_age
    scan_from, scan_to = _weeks(trail, "nice_scan_from_weeks"), _weeks(trail, "nice_scan_to_weeks")
    history_from = _weeks(trail, "nice_history_from_weeks")
    history_to = _weeks(trail, "nice_history_to_weeks")
    trail.assumptions.append(
        "NICE's 'between 16+0 and 24+0 weeks' (scan) and 'between 16+0 and 34+0 weeks' (history) "
        "are read as including both ends."
    )
    if not scan_from <= age <= scan_to:
        trail.step(f"Scan at {age} is outside {scan_from} to {scan_to}.")
        return "not_covered"
    history = [
        i
        for i, p in enumerate(inputs.previous_pregnancies, start=1)
        if history_from <= p.gestational_age <= history_to
    ]
    if not history:
        trail.step(
            f"No spontaneous preterm birth or mid-trimester loss between {history_from} and "
            f"{history_to}; recommendation 1.2.1 does not apply (other NICE recommendations are not encoded)."
        )
        return "not_covered"
    if inputs.guideline == "nice-ng25":
        threshold = trail.value("nice_ng25_below_mm")
        short = length < threshold
        rule = f"less than {threshold:g} mm"
    else:
        threshold = trail.value("nice_qs135_at_most_mm")
        short = length <= threshold
        rule = f"{threshold:g} mm or less"
    if short:
        trail.step(
            "History in pregnancy " + ", ".join(map(str, history)) + f" and cervical length "
            f"{length:g} mm ({rule}) at {age}: offer a choice of vaginal progesterone or cerclage"
            " (one decision between the two, made with the woman)."
        )
        return "choice_with_progesterone"
    trail.step(f"Cervical length {length:g} mm is not {rule}.")
    return "not_indicated"
