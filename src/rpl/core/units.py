"""The units a result's number may carry, per test (`knowledge/units/result-units.yaml`).

Used by the record forms to offer units as a choice and to refuse a number without one. No
number is converted here: a unit is recorded as the laboratory printed it.
"""

from __future__ import annotations

from functools import cache
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.knowledge import knowledge_path, read_yaml
from rpl.core.vocabulary import Evidence, TestCode


class _TestUnits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    units: list[str] = Field(min_length=1)
    note: str
    evidence: Evidence
    checked_in: str | None = None


class _UnitsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tests: dict[str, _TestUnits]


@cache
def result_units() -> dict[str, tuple[str, ...]]:
    """Per test code, the units offered for its number, in the file's order."""
    data = _UnitsFile.model_validate(read_yaml(knowledge_path("units", "result-units.yaml")))
    known = set(get_args(TestCode))
    unknown = sorted(set(data.tests) - known)
    if unknown:
        raise ValueError(f"result-units.yaml: unknown test codes {unknown}")
    found: dict[str, tuple[str, ...]] = {}
    for test, entry in data.tests.items():
        if len(set(entry.units)) != len(entry.units):
            raise ValueError(f"result-units.yaml: {test} lists a unit twice")
        found[test] = tuple(entry.units)
    return found


def units_for(test: str) -> tuple[str, ...]:
    """The units a number of this test may carry; empty: the test is recorded in words."""
    return result_units().get(test, ())
