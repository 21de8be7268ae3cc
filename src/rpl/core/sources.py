"""The registry of sources (guidelines, papers) that rules and profiles cite."""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from rpl.core.knowledge import knowledge_path


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
    raw = yaml.safe_load(knowledge_path("sources.yaml").read_text(encoding="utf-8"))
    sources: dict[str, Source] = {}
    for item in raw:
        source = Source.model_validate(item)
        if source.id in sources:
            raise ValueError(f"sources.yaml: duplicate source id {source.id!r}")
        sources[source.id] = source
    return sources
