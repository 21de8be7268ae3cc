"""The code tables of the FHIR mapping (`codes.yaml`), loaded once and checked."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

Evidence = Literal["verified", "secondary"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Code(_Frozen):
    code: str
    display: str
    source: str
    evidence: Evidence
    unit: str | None = None


class CountCode(Code):
    outcomes: list[str]
    plus_current_pregnancy: bool = False


class Coded(_Frozen):
    code: str
    display: str


class PregnancyStatus(Code):
    pregnant: Coded


class Source(_Frozen):
    title: str
    url: str | None


class CodeTables(_Frozen):
    systems: dict[str, str]
    sources: dict[str, Source]
    counts: list[CountCode]
    pregnancy_outcome: Code
    outcomes: dict[str, Code]
    pregnancy_status: PregnancyStatus
    recurrent_miscarriage: Code
    person: dict[str, Code]
    tests: dict[str, Code]
    investigations: dict[str, Code]

    def all_codes(self) -> list[Code]:
        return [
            *self.counts,
            self.pregnancy_outcome,
            *self.outcomes.values(),
            self.pregnancy_status,
            self.recurrent_miscarriage,
            *self.person.values(),
            *self.tests.values(),
            *self.investigations.values(),
        ]


@cache
def code_tables() -> CodeTables:
    text = resources.files("rpl.interop.fhir").joinpath("codes.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    tables = CodeTables.model_validate(raw)
    unknown = {c.source for c in tables.all_codes()} - set(tables.sources)
    if unknown:
        raise ValueError(f"codes.yaml cites unknown sources: {', '.join(sorted(unknown))}")
    return tables


LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
LOCAL = "urn:rpl-care:codes:"


def local(kind: str) -> str:
    """RPL Care's own code system for one kind of code, e.g. `urn:rpl-care:codes:outcome`."""
    return LOCAL + kind
