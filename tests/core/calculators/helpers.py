"""Small builders for calculator tests."""

from __future__ import annotations

from typing import Any

import pytest

from rpl.core.calculators import CalculationResult, CalculatorInputError, run


def calc(name: str, data: dict[str, Any]) -> CalculationResult:
    return run(name, data)


def problems(name: str, data: Any) -> list[str]:
    """The one-line problems an invalid input gives (fails the test if the input is accepted)."""
    with pytest.raises(CalculatorInputError) as caught:
        run(name, data)
    return [str(p) for p in caught.value.problems]


def cited(result: CalculationResult) -> set[str]:
    return {c.key for c in result.sources}


def loss(age: str, explained: bool = False, *features: str) -> dict[str, Any]:
    return {
        "outcome": "loss",
        "gestational_age": age,
        "explained_by_other_cause": explained,
        "features": list(features),
    }


def birth(age: str, *features: str) -> dict[str, Any]:
    return {
        "outcome": "birth",
        "gestational_age": age,
        "explained_by_other_cause": False,
        "features": list(features),
    }
