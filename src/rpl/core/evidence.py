"""Guideline recommendations as data (`rpl/knowledge/evidence/recommendations.yaml`).

Rules cite these entries by id, so a recommendation's wording, strength label and evidence
status live in one place; the rule only decides when it applies.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rpl.core.knowledge import load_by_id
from rpl.core.vocabulary import Evidence

Direction = Literal[
    "recommended",
    "conditional",
    "not_recommended",
    "research_only",
    "definition",
    "information",
]
Topic = Literal[
    "definition",
    "organisation",
    "lifestyle",
    "investigation",
    "interpretation",
    "treatment",
    "next_pregnancy",
    "prognosis",
    "triage",
]


class GuidelineRecommendation(BaseModel):
    """One statement of one source, paraphrased, with the source's own strength label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
    source: str
    ref: str
    topic: Topic
    codes: list[str]
    statement: str
    direction: Direction
    strength: str = Field(description="As the source grades it; 'unknown' when not seen.")
    quality: str | None = None
    evidence: Evidence
    checked_in: str | None = Field(
        default=None, description="Where the statement was read (URL, or document and place)."
    )
    in_place_of: str | None = Field(
        default=None,
        description="Source id of the guideline this entry stands in for: set when that"
        " guideline's own text could not be read and another source, cited here, says the same.",
    )
    note: str | None = Field(
        default=None,
        description="A caveat a clinician needs. Authors' working notes (what was searched,"
        " what to check) belong in docs/evidence/, not here.",
    )

    @model_validator(mode="after")
    def _stands_in_for_another_source(self) -> GuidelineRecommendation:
        if self.in_place_of is not None:
            if self.in_place_of == self.source:
                raise ValueError(f"{self.id}: in_place_of names its own source")
            if self.evidence == "unverified":
                raise ValueError(f"{self.id}: a stand-in citation must have been read")
        return self


@cache
def load_recommendations() -> dict[str, GuidelineRecommendation]:
    return load_by_id("evidence/recommendations.yaml", GuidelineRecommendation)
