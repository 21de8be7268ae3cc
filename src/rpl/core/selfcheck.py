"""The patient self-check: plain answers → the engine's view of the history, for a person.

Builds an `rpl-couple/1` record from what a person can answer without their notes (how many
losses, at what weeks, how many ectopic and molar pregnancies, asked apart because most
definitions do not count them, any baby born alive, whether all losses were with the current
partner, age, smoking, weight and height, alcohol, caffeine), checks it with `parse_record`,
assesses it under the clinic's profile with `assess`,
and returns only what a person needs: does the history fit the profile's definition (yes / no /
unknown and what would decide it), which tests to ask about, what helps before and in the next
pregnancy, and the chance of success with its range and caveat when a published model gives one.
Nothing is invented: a section the engine leaves empty is returned empty, and the site says
"not available". Pure: no storage, no clock (today is passed in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, NamedTuple

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
    "loss_weeks",
    "confirmation",
    "live_births",
    "same_partner",
    "which_partner",
    "ectopic",
    "molar",
    "other_order",
    "other",
]
"""`ectopic`/`molar`: how many there were (not answered, and the profile counts them);
`other_order`: when they happened among the losses (the profile counts them in a row)."""

MAX_LOSSES = 30
Weeks = Annotated[int, Field(ge=1, le=45)]


class SelfCheckAnswers(BaseModel):
    """What the self-check asks. None means not answered; nothing is guessed for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    losses: int = Field(
        ge=0, le=MAX_LOSSES, description="Pregnancies lost, not counting ectopic or molar ones."
    )
    loss_weeks: list[Weeks | None] = Field(
        default_factory=list,
        description="Weeks at each loss, oldest first; None where not known. Empty: none known.",
    )
    ectopic_pregnancies: int | None = Field(
        default=None, ge=0, le=MAX_LOSSES, description="Ectopic pregnancies; None: not answered."
    )
    molar_pregnancies: int | None = Field(
        default=None, ge=0, le=MAX_LOSSES, description="Molar pregnancies; None: not answered."
    )
    confirmation: Confirmation = "unsure"
    live_births: LiveBirths = "unsure"
    same_partner: SamePartner = "unsure"
    age_years: Annotated[float, Field(ge=14, le=60)] | None = None
    smoking: Literal["never", "former", "current"] | None = None
    height_cm: Annotated[float, Field(ge=120, le=220)] | None = None
    weight_kg: Annotated[float, Field(ge=30, le=250)] | None = None
    # Kept for answers stored before grams (issue 22); the site now sends grams.
    alcohol_units_per_week: Annotated[float, Field(ge=0, le=200)] | None = None
    alcohol_grams_per_week: Annotated[float, Field(ge=0, le=4000)] | None = None
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
    sure", it leaves `same_partner` out (unknown). Ectopic and molar pregnancies, as many as
    answered (none when not answered), follow the losses: the self-check does not ask when
    they happened, so the clinic puts them in their place.
    """
    return _record(
        answers,
        today,
        live_birth_at,
        loss_limit_weeks,
        others=_Others(answers.ectopic_pregnancies or 0, answers.molar_pregnancies or 0, False),
    )


class _Others(NamedTuple):
    """The ectopic and molar pregnancies of one reading of the answers, and where they go."""

    ectopic: int
    molar: int
    first: bool  # before the losses (else after them)


def _record(
    answers: SelfCheckAnswers,
    today: dt.date,
    live_birth_at: int | None,
    loss_limit_weeks: int,
    others: _Others,
) -> dict[str, Any]:
    woman: dict[str, Any] = {}
    for field in (
        "age_years",
        "smoking",
        "height_cm",
        "weight_kg",
        "alcohol_units_per_week",
        "alcohol_grams_per_week",
        "caffeine_mg_per_day",
    ):
        value = getattr(answers, field)
        if value is not None:
            woman[field] = value
    confirmed_by = {"scan": "ultrasound", "test_only": "hcg_only", "unsure": None}[
        answers.confirmation
    ]
    partner = {"same_partner": True} if answers.same_partner == "yes" else {}
    pregnancies: list[dict[str, Any]] = []
    for weeks in answers.weeks():
        pregnancy: dict[str, Any] = {"outcome": "miscarriage"}
        if weeks is not None:
            pregnancy["gestational_age"] = str(weeks)
            if weeks >= loss_limit_weeks:
                pregnancy["outcome"] = "stillbirth"
        if confirmed_by is not None:
            pregnancy["confirmed_by"] = confirmed_by
        pregnancy.update(partner)
        pregnancies.append(pregnancy)
    if live_birth_at is not None:
        pregnancies.insert(live_birth_at, {"outcome": "live_birth"})
    # How the losses were confirmed says nothing of how an ectopic or molar one was.
    other = [{"outcome": "ectopic", **partner} for _ in range(others.ectopic)]
    other += [{"outcome": "molar", **partner} for _ in range(others.molar)]
    pregnancies = [*other, *pregnancies] if others.first else [*pregnancies, *other]
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


def _other_readings(answers: SelfCheckAnswers, profile: Profile) -> list[_Others]:
    """The ectopic and molar pregnancies the answers allow, as the profile sees them.

    A kind the profile does not count changes nothing, so one reading (as answered) is enough.
    A kind it counts but not answered is read as none and as enough to meet the minimum on
    its own; answered ones are placed before and after the losses when losses in a row count.
    """
    definition = profile.definition
    ectopic_counts = [answers.ectopic_pregnancies or 0]
    if definition.count_ectopic and answers.ectopic_pregnancies is None:
        ectopic_counts = [0, definition.min_losses]
    molar_counts = [answers.molar_pregnancies or 0]
    if definition.count_molar and answers.molar_pregnancies is None:
        molar_counts = [0, definition.min_losses]
    readings: list[_Others] = []
    for ectopic in ectopic_counts:
        for molar in molar_counts:
            counted = (ectopic if definition.count_ectopic else 0) + (
                molar if definition.count_molar else 0
            )
            places = [False, True] if counted and definition.consecutive_required else [False]
            readings += [_Others(ectopic, molar, first) for first in places]
    return readings


def _assess(
    answers: SelfCheckAnswers, profile: Profile, today: dt.date, at: int | None, others: _Others
) -> Assessment:
    limit = profile.definition.loss_upper_limit_weeks
    checked = parse_record(_record(answers, today, at, limit, others), today)
    return assess(checked, profile)


def _varies(
    verdicts: dict[tuple[int | None, _Others], bool | None], differ: Callable[..., bool]
) -> bool:
    """Whether two readings that `differ` in one answer only have different verdicts."""
    keys = list(verdicts)
    return any(
        verdicts[a] != verdicts[b]
        for i, a in enumerate(keys)
        for b in keys[i + 1 :]
        if differ(a, b)
    )


def self_check(answers: SelfCheckAnswers, profile: Profile, today: dt.date) -> SelfCheckResult:
    """The self-check result under `profile`. Raises RecordError only on a contract mismatch.

    Where an answer leaves several readings of the history open (where a birth stands among
    the losses, how many ectopic or molar pregnancies, when they happened), each is assessed;
    if their verdicts differ, the fit is unknown and each answer that changes it is named.
    """
    positions = _birth_positions(answers)
    readings = _other_readings(answers, profile)
    assessments = {
        (at, others): _assess(answers, profile, today, at, others)
        for at in positions
        for others in readings
    }
    main = assessments[(positions[0], readings[0])]
    verdicts = {key: a.classification.meets_definition for key, a in assessments.items()}
    needs: list[Needed] = []
    if len(set(verdicts.values())) > 1:
        fits: Fit = "unknown"
        checks: list[tuple[NeededWhat, Callable[..., bool]]] = [
            ("live_births", lambda a, b: a[0] != b[0] and a[1] == b[1]),
            ("ectopic", lambda a, b: a[0] == b[0] and a[1][1:] == b[1][1:] and a[1] != b[1]),
            ("molar", lambda a, b: a[0] == b[0] and a[1][::2] == b[1][::2] and a[1] != b[1]),
            ("other_order", lambda a, b: a[0] == b[0] and a[1][:2] == b[1][:2] and a[1] != b[1]),
        ]
        needs += [Needed(what=what) for what, differ in checks if _varies(verdicts, differ)]
    else:
        verdict = next(iter(verdicts.values()))
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
