"""The registry of sources (guidelines, papers) that rules and profiles cite."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

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


@cache
def load_sources() -> dict[str, Source]:
    return load_by_id("sources.yaml", Source)
