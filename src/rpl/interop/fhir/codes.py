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


class SystemCode(Code):
    """A code of one of the `systems` (snomed, loinc, icd10, ...); `prefix` also matches every
    code under it (an ICD-10 category), ignoring dots."""

    system: str
    prefix: bool = False

    def matches(self, system_key: str, code: str) -> bool:
        if system_key != self.system and {system_key, self.system} != {"icd10", "icd10cm"}:
            return False
        if self.prefix:
            return code.replace(".", "").upper().startswith(self.code.replace(".", "").upper())
        return code == self.code


class StatusValue(SystemCode):
    status: Literal["pregnant", "not_pregnant", "unknown"]


class SmokingValue(SystemCode):
    smoking: Literal["never", "former", "current", "unknown"]


class PregnancyEvent(SystemCode):
    outcome: str


class LossHistory(SystemCode):
    means: Literal["miscarriage_history", "recurrent_miscarriage"]


class UnitCode(_Frozen):
    code: str
    source: str
    evidence: Evidence


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
    pregnancy_status_values: list[StatusValue]
    smoking_values: list[SmokingValue]
    pregnancy_events: list[PregnancyEvent]
    loss_history: list[LossHistory]
    recurrent_miscarriage: Code
    person: dict[str, Code]
    tests: dict[str, Code]
    test_synonyms: dict[str, list[Code]]
    investigations: dict[str, Code]
    units: dict[str, UnitCode]

    def system_key(self, url: str | None) -> str | None:
        """The `systems` key of a code system URL (e.g. "snomed"), or None."""
        return next((key for key, value in self.systems.items() if value == url), None)

    def status_values_table(self) -> list[StatusValue]:
        return self.pregnancy_status_values

    def url(self, key: str) -> str:
        return self.systems[key]

    def all_codes(self) -> list[Code]:
        return [
            *self.counts,
            self.pregnancy_outcome,
            *self.outcomes.values(),
            self.pregnancy_status,
            self.recurrent_miscarriage,
            *self.person.values(),
            *self.pregnancy_status_values,
            *self.smoking_values,
            *self.pregnancy_events,
            *self.loss_history,
            *self.tests.values(),
            *(code for codes in self.test_synonyms.values() for code in codes),
            *self.investigations.values(),
        ]

    def all_sources(self) -> set[str]:
        return {c.source for c in self.all_codes()} | {u.source for u in self.units.values()}


@cache
def code_tables() -> CodeTables:
    text = resources.files("rpl.interop.fhir").joinpath("codes.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    tables = CodeTables.model_validate(raw)
    unknown = tables.all_sources() - set(tables.sources)
    if unknown:
        raise ValueError(f"codes.yaml cites unknown sources: {', '.join(sorted(unknown))}")
    return tables


LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
LOCAL = "urn:rpl-care:codes:"


def local(kind: str) -> str:
    """RPL Care's own code system for one kind of code, e.g. `urn:rpl-care:codes:outcome`."""
    return LOCAL + kind
