"""The registry of sources (guidelines, papers) that rules and profiles cite."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.knowledge import load_by_id


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    issuer: str | None = None
    year: int | None = None
    version: str | None = None
    url: str | None = None
    doi: str | None = None
    note: str | None = None
    language: str = Field(
        default="en",
        description="BCP 47 code of the title's language, so pages can mark it (lang) for"
        " screen readers.",
    )


@cache
def load_sources() -> dict[str, Source]:
    return load_by_id("sources.yaml", Source)
