"""The patient self-check: plain answers → the engine's view of the history, for a person.

Builds an `rpl-couple/1` record from what a person can answer without their notes (how many
losses, at what weeks, any baby born alive, whether all losses were with the current partner,
age, smoking, weight and height, alcohol, caffeine), checks it with `parse_record`, assesses it under the clinic's profile with `assess`,
and returns only what a person needs: does the history fit the profile's definition (yes / no /
unknown and what would decide it), which tests to ask about, what helps before and in the next
pregnancy, and the chance of success with its range and caveat when a published model gives one.
Nothing is invented: a section the engine leaves empty is returned empty, and the site says
"not available". Pure: no storage, no clock (today is passed in).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rpl.core.assessment import Assessment, assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import Profile
from rpl.core.sections import Estimate, Investigation, PlanItem

LiveBirths = Literal["none", "before", "after", "unsure"]
"""Babies born alive: none; before the first loss; after a loss; not sure or not said."""
Confirmation = Literal["scan", "test_only", "unsure"]
"""How the losses were known: seen on a scan, a pregnancy test only, or not sure."""
SamePartner = Literal["yes", "no", "unsure"]
"""All the losses with the current partner: yes; no (at least one with an earlier partner, which
one is not asked); not sure or not said."""
Fit = Literal["yes", "no", "unknown"]
NeededWhat = Literal[
    "loss_weeks", "confirmation", "live_births", "same_partner", "which_partner", "other"
]

MAX_LOSSES = 30
Weeks = Annotated[int, Field(ge=1, le=45)]


class SelfCheckAnswers(BaseModel):
    """What the self-check asks. None means not answered; nothing is guessed for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    losses: int = Field(ge=0, le=MAX_LOSSES, description="Pregnancies lost.")
    loss_weeks: list[Weeks | None] = Field(
        default_factory=list,
        description="Weeks at each loss, oldest first; None where not known. Empty: none known.",
    )
    confirmation: Confirmation = "unsure"
    live_births: LiveBirths = "unsure"
    same_partner: SamePartner = "unsure"
    age_years: Annotated[float, Field(ge=14, le=60)] | None = None
    smoking: Literal["never", "former", "current"] | None = None
    height_cm: Annotated[float, Field(ge=120, le=220)] | None = None
    weight_kg: Annotated[float, Field(ge=30, le=250)] | None = None
    alcohol_units_per_week: Annotated[float, Field(ge=0, le=200)] | None = None
    caffeine_mg_per_day: Annotated[float, Field(ge=0, le=2000)] | None = None

    @model_validator(mode="after")
    def _weeks_match_losses(self) -> SelfCheckAnswers:
        if self.loss_weeks and len(self.loss_weeks) != self.losses:
            raise ValueError("give the weeks of every loss, or of none")
        return self

    def weeks(self) -> list[int | None]:
        return list(self.loss_weeks) if self.loss_weeks else [None] * self.losses


class Needed(BaseModel):
    """What would settle an "unknown": `what` is a code the site words for people."""

    what: NeededWhat
    loss: int | None = Field(default=None, description="Which loss (1 = oldest), if one.")


class SelfCheckResult(BaseModel):
    profile_id: str
    profile_title: str
    definition: str
    fits: Fit
    needs: list[Needed]
    losses_counted: int
    tests: list[Investigation] = Field(description="Recommended or conditional, not yet done.")
    before_next_pregnancy: list[PlanItem] = Field(description="Advice, then next-pregnancy care.")
    chance: Estimate | None
    chance_note: str | None


def build_record(
    answers: SelfCheckAnswers, today: dt.date, live_birth_at: int | None, loss_limit_weeks: int
) -> dict[str, Any]:
    """An rpl-couple/1 document. `live_birth_at`: index among the losses where a birth goes.

    A loss at or beyond the profile's loss limit is a stillbirth (docs/vocabulary.md); the
    classification then does not count it, as the profile says. "All with the current partner"
    marks every loss `same_partner: true`; "no" does not say which loss was not, so, like "not
    sure", it leaves `same_partner` out (unknown).
    """
    woman: dict[str, Any] = {}
    for field in (
        "age_years",
        "smoking",
        "height_cm",
        "weight_kg",
        "alcohol_units_per_week",
        "caffeine_mg_per_day",
    ):
        value = getattr(answers, field)
        if value is not None:
            woman[field] = value
    confirmed_by = {"scan": "ultrasound", "test_only": "hcg_only", "unsure": None}[
        answers.confirmation
    ]
    pregnancies: list[dict[str, Any]] = []
    for weeks in answers.weeks():
        pregnancy: dict[str, Any] = {"outcome": "miscarriage"}
        if weeks is not None:
            pregnancy["gestational_age"] = str(weeks)
            if weeks >= loss_limit_weeks:
                pregnancy["outcome"] = "stillbirth"
        if confirmed_by is not None:
            pregnancy["confirmed_by"] = confirmed_by
        if answers.same_partner == "yes":
            pregnancy["same_partner"] = True
        pregnancies.append(pregnancy)
    if live_birth_at is not None:
        pregnancies.insert(live_birth_at, {"outcome": "live_birth"})
    return {
        "format": "rpl-couple/1",
        "id": "self-check",
        "assessed_on": today.isoformat(),
        "woman": woman,
        "pregnancies": pregnancies,
    }


def _birth_positions(answers: SelfCheckAnswers) -> list[int | None]:
    """Where a live birth may stand among the losses, given the answer."""
    n = answers.losses
    if answers.live_births == "none":
        return [None]
    if answers.live_births == "before":
        return [0]
    if answers.live_births == "after":
        return list(range(1, n + 1)) or [0]
    return [None, *range(n + 1)]  # unsure: any of these


def _assess(
    answers: SelfCheckAnswers, profile: Profile, today: dt.date, at: int | None
) -> Assessment:
    limit = profile.definition.loss_upper_limit_weeks
    checked = parse_record(build_record(answers, today, at, limit), today)
    return assess(checked, profile)


def self_check(answers: SelfCheckAnswers, profile: Profile, today: dt.date) -> SelfCheckResult:
    """The self-check result under `profile`. Raises RecordError only on a contract mismatch."""
    positions = _birth_positions(answers)
    assessments = [_assess(answers, profile, today, at) for at in positions]
    main = assessments[0]
    verdicts = {a.classification.meets_definition for a in assessments}
    needs: list[Needed] = []
    if len(verdicts) > 1:
        fits: Fit = "unknown"
        needs.append(Needed(what="live_births"))
    else:
        verdict = verdicts.pop()
        fits = "unknown" if verdict is None else ("yes" if verdict else "no")
    if main.classification.meets_definition is None:
        seen: set[tuple[str, int | None]] = set()
        for item in main.classification.undecided:
            what = _needed(item.needs, answers)
            # Loss weeks are asked per loss; the other answers are one for all pregnancies.
            key = (what, item.pregnancy if what == "loss_weeks" else None)
            if key not in seen:
                seen.add(key)
                loss = _loss_number(item.pregnancy, positions[0]) if what == "loss_weeks" else None
                needs.append(Needed(what=what, loss=loss))
    tests = [
        item
        for item in main.investigations
        if item.recommendation in ("recommended", "conditional")
        and item.status in ("to_do", "repeat")
    ]
    prognosis = main.prognosis
    return SelfCheckResult(
        profile_id=profile.id,
        profile_title=profile.title,
        definition=main.classification.definition,
        fits=fits,
        needs=needs,
        losses_counted=main.classification.losses_counted,
        tests=tests,
        before_next_pregnancy=[*main.advice, *main.next_pregnancy],
        chance=prognosis.live_birth_next_pregnancy,
        chance_note=prognosis.note,
    )


def _needed(field: str, answers: SelfCheckAnswers) -> NeededWhat:
    if field.endswith("gestational_age"):
        return "loss_weeks"
    if field.endswith("confirmed_by"):
        return "confirmation"
    if field.endswith("same_partner"):
        # After "not all with the current partner", what is left to know is which ones were.
        return "which_partner" if answers.same_partner == "no" else "same_partner"
    return "other"


def _loss_number(pregnancy: int, birth_at: int | None) -> int:
    """The loss's number among the losses (1 = oldest) from its pregnancy number."""
    if birth_at is not None and pregnancy > birth_at + 1:
        return pregnancy - 1
    return pregnancy
