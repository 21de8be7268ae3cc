"""PG rules: the chance of a live birth in the next pregnancy, always with a range and caveat.

The figure comes from the Brigham 1999 table through its calculator (one source of truth).
A table cell has no confidence interval in the knowledge base, so the range shown is the span
of published cells five years either side of her age for the same number of losses; between
table rows there is no single figure (nothing is interpolated) and the range is the two
neighbouring rows.

The table describes unexplained first-trimester recurrent miscarriage. When a cause of the
losses was found (a finding present, as the interpretation rules report it: APS, thyroid,
uterus, parental rearrangement, cervical insufficiency), when a loss was in the second
trimester, or when a live birth followed the losses, the prognosis says it does not apply and
why, instead of a figure: no source we have adjusts the table for these.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from rpl.core.calculators import CalculationResult, CalculatorInputError, build_input, run
from rpl.core.rules.interpretation import CAUSE_FINDINGS, calculation_sources
from rpl.core.rules.registry import Emitted, Rule, RuleContext, When, collect_into
from rpl.core.sections import Estimate, Prognosis, SourceRef
from rpl.core.text import gettext_noop as _
from rpl.core.text import sentences
from rpl.core.vocabulary import Evidence

RULES: list[Rule] = []
rule = collect_into(RULES)

MODEL = "prognosis-brigham-1999"
AGE_STEP_YEARS = 5  # the table's rows are five years apart (20, 25 ... 45)


@lru_cache(maxsize=4096)
def _table(age: float, losses: int) -> CalculationResult | None:
    """The model's answer for one age and count (a table lookup, so cached)."""
    try:
        return run(MODEL, build_input(MODEL, {"age_years": age, "previous_miscarriages": losses}))
    except CalculatorInputError:
        return None


def _cell(age: float, losses: int) -> float | None:
    result = _table(age, losses)
    if result is None:
        return None
    return float(result.value) if isinstance(result.value, int | float) else None


@rule(
    "PG01",
    "Chance of a live birth in the next pregnancy by age and number of losses (Brigham 1999)",
    {
        "eshre-2022": ["ESHRE-ORG-03"],
        "rcog-2023": ["ESHRE-ORG-03"],
        "asrm-2012": ["ESHRE-ORG-03"],
    },
    when=When(a_loss_counted=True),
)
def next_pregnancy_chance(context: RuleContext) -> Sequence[Emitted] | None:
    outside = _outside_the_table(context)
    if outside:
        return [Emitted("prognosis", Prognosis(note=sentences(NOT_APPLICABLE, *outside)))]
    age = context.checked.woman_age_years
    losses = context.classification.losses_counted
    if age is None:
        return [
            Emitted(
                "prognosis",
                Prognosis(note=_("No estimate: the age is needed.")),
            )
        ]
    estimated = _estimate(age, losses)
    if isinstance(estimated, str):
        return [Emitted("prognosis", Prognosis(note=estimated))]
    # A cause found present made the table not applicable above; a possible one is a caveat.
    cause_found = bool(context.findings(*CAUSE_FINDINGS))
    return [
        Emitted(
            "prognosis",
            Prognosis(
                live_birth_next_pregnancy=Estimate(
                    estimate_percent=estimated.estimate,
                    range_percent=estimated.range_percent,
                    model=estimated.model,
                    source="BRIGHAM-1999",
                    caveat=estimated.caveat_if_cause if cause_found else estimated.caveat,
                    evidence=estimated.evidence,
                    rule=context.rule_id,
                    sources=[*context.sources(), *estimated.sources],
                ),
            ),
        )
    ]


NOT_APPLICABLE = _(
    "Not applicable: the Brigham 1999 figures describe women whose recurrent miscarriages in"
    " the first trimester are unexplained, and this history is not one of them."
)
CAUSE_FOUND = _("A cause of the losses was found.")
SECOND_TRIMESTER_LOSS = _("At least one counted loss was in the second trimester.")
BIRTH_AFTER_LOSSES = _(
    "A live birth followed the losses; no source we have gives the chance after such a birth."
)


def _outside_the_table(context: RuleContext) -> list[str]:
    """Why the table does not describe this woman (empty when it may)."""
    classification = context.classification
    reasons = []
    # Read from the findings present (the interpretation rules decide what explains a loss).
    if context.has_finding(*CAUSE_FINDINGS):
        reasons.append(CAUSE_FOUND)
    if classification.second_trimester_losses:
        reasons.append(SECOND_TRIMESTER_LOSS)
    not_losses = {e.pregnancy for e in classification.excluded}
    not_losses |= {u.pregnancy for u in classification.undecided}
    pregnancies = context.checked.record.pregnancies
    counted = [n for n in range(1, len(pregnancies) + 1) if n not in not_losses]
    if counted and any(
        p.outcome == "live_birth"
        for p in pregnancies[counted[-1] :]  # after the last loss
    ):
        reasons.append(BIRTH_AFTER_LOSSES)
    return reasons


class _Estimated(NamedTuple):
    """What the table gives for one age and count, whoever the woman is."""

    estimate: float | None
    range_percent: tuple[float, float]
    model: str
    evidence: Evidence
    caveat: str
    caveat_if_cause: str  # when a possible cause of the losses was found
    sources: tuple[SourceRef, ...]


@lru_cache(maxsize=4096)
def _estimate(age: float, losses: int) -> _Estimated | str:
    """The estimate for one age and count, or the note that says why there is none (the
    table and its neighbours depend only on these two, so each pair is worked out once)."""
    result = _table(age, losses)
    if result is None:
        return _("No estimate: the age is outside the model.")
    details = result.details if isinstance(result.details, dict) else {}
    if isinstance(result.value, int | float):
        estimate: float | None = float(result.value)
        cells: list[float] = [float(result.value)]
        for other in (age - AGE_STEP_YEARS, age + AGE_STEP_YEARS):
            cell = _cell(other, losses)
            if cell is not None:
                cells.append(cell)
        spread = _(
            "The range is the table's figures for ages five years younger and five years older,"
            " not a confidence interval."
        )
    else:
        estimate = None
        neighbours = details.get("neighbouring_cells")
        cells = []
        for neighbour in neighbours if isinstance(neighbours, list) else []:
            if isinstance(neighbour, dict):
                percent = neighbour.get("success_percent")
                if isinstance(percent, int | float):
                    cells.append(float(percent))
        spread = _(
            "The range is the table's figures for the ages just below and above (the table has"
            " no figure for this exact age), not a confidence interval."
        )
    if not cells:
        return _("No estimate: the table gives figures only after 2 to 5 previous miscarriages.")
    parts = (
        _(
            "The figures come from one UK clinic's cohort of women with unexplained recurrent"
            " miscarriage who were given supportive care (Brigham et al. 1999)."
        ),
        spread,
        # The calculator's own caveats name each unverified cell; the citations carry them too.
        _("At least one figure used here is recalled and not verified in the published table.")
        if result.evidence == "unverified"
        else None,
    )
    return _Estimated(
        estimate=estimate,
        range_percent=(min(cells), max(cells)),
        model=result.title,
        evidence=result.evidence,
        caveat=sentences(*parts),
        caveat_if_cause=sentences(
            *parts,
            _(
                "A possible cause of the losses was found, so the table, which is about"
                " unexplained losses, may not fit."
            ),
        ),
        sources=tuple(calculation_sources(result)),
    )
