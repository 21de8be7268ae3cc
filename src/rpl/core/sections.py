"""The items of each assessment section, as the contract `rpl-assessment/1` defines them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.vocabulary import Evidence, Recommendation, TriageLevel


class SourceRef(BaseModel):
    # Made once per recommendation and shared by every item citing it: never changed.
    model_config = ConfigDict(frozen=True)

    source: str
    ref: str
    strength: str = Field(description="The source's own label: GRADE, RCOG grade or NICE verb.")
    evidence: Evidence
    recommendation: str | None = Field(
        default=None, description="Id of the recommendation in the knowledge base."
    )


# Investigations, findings and plan items are frozen, with their citations in a tuple: what a
# rule emitted is what every outlet shows, and nothing downstream may change it.
_SHARED = ConfigDict(frozen=True)


class Investigation(BaseModel):
    model_config = _SHARED

    code: str
    recommendation: Recommendation
    status: Literal["to_do", "done", "repeat", "not_needed"] = Field(
        description="not_needed: advised against (or research only) and not done."
    )
    result: Literal["normal", "abnormal", "indeterminate"] | None = None
    reason: str
    rule: str
    sources: tuple[SourceRef, ...]


class Finding(BaseModel):
    model_config = _SHARED

    code: str
    status: Literal["present", "absent", "possible"]
    detail: str
    rule: str
    sources: tuple[SourceRef, ...]


class PlanItem(BaseModel):
    model_config = _SHARED

    code: str
    recommendation: Recommendation
    reason: str
    rule: str
    sources: tuple[SourceRef, ...]


class Estimate(BaseModel):
    estimate_percent: float | None = Field(
        description="The model's figure for this couple; null when the model has no single"
        " figure for her (e.g. an age between table rows): the range then holds the two"
        " neighbouring published figures."
    )
    range_percent: tuple[float, float] = Field(
        description="Lowest and highest published figure around her; see `caveat`."
    )
    model: str
    source: str
    caveat: str
    evidence: Evidence = Field(description="Weakest evidence status among the figures used.")
    rule: str
    sources: list[SourceRef] = Field(default_factory=list)


class Prognosis(BaseModel):
    live_birth_next_pregnancy: Estimate | None = Field(
        default=None, description="Null until a published model gives an estimate for this couple."
    )
    note: str | None = Field(
        default=None, description="Why there is no estimate, and what would give one."
    )


class Triage(BaseModel):
    level: TriageLevel
    action: str = Field(description="What to do now, in one sentence.")
    reasons: list[str] = Field(description="Why, most urgent first.")
    tell_clinic: list[str] = Field(
        default_factory=list, description="What to tell the clinic or emergency service."
    )
    sources: list[SourceRef] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list, description="Triage rules that fired, in order.")


class MissingItem(BaseModel):
    model_config = _SHARED

    field: str = Field(description="Path of the missing value in the record.")
    why: str = Field(description="What it would change.")
