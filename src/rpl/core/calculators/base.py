"""What every calculator shares: the input base class, the result, the published numbers.

Every number a calculator uses (a threshold, a weight, a table cell) lives in a data file
`rpl/knowledge/calculators/<name>.yaml` with the source it comes from, the place in the
source, where we read it and its evidence status. Code refers to numbers by key and never
writes one down itself; the result lists the citations of the numbers it used, so a
clinician sees how far each one was checked.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from rpl.core.knowledge import knowledge_path, read_yaml
from rpl.core.parsing import Problem, RecordError
from rpl.core.sources import load_sources
from rpl.core.vocabulary import Evidence

RESULT_FORMAT: Literal["rpl-calculation/1"] = "rpl-calculation/1"
EVIDENCE_ORDER: dict[str, int] = {"verified": 2, "secondary": 1, "unverified": 0}

Scalar = str | int | float | bool | None


class CalculatorInputError(RecordError):
    """The input does not fit the calculator; `problems` names each field and the reason."""


class CalculatorInput(BaseModel):
    """Base of every calculator's input: unknown fields are errors, types are strict."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def problems(self) -> list[Problem]:
        """Checks that need several fields at once; each problem names one field."""
        return []


class Number(BaseModel):
    """One published number (or rule) with where it comes from and how it was checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float | int | str | bool | None = Field(
        description="The number as published; null when the source gives none."
    )
    unit: str | None = None
    meaning: str = Field(description="What the number is, in our words.")
    source: str = Field(description="Source id from rpl/knowledge/sources.yaml.")
    ref: str = Field(description="Table, page, section or item in the source.")
    evidence: Evidence
    checked_in: str | None = Field(
        default=None, description="What was actually read (address of the copy)."
    )
    note: str | None = None

    def citation(self, key: str) -> Citation:
        return Citation(
            key=key,
            source=self.source,
            title=_source_title(self.source),
            ref=self.ref,
            evidence=self.evidence,
            checked_in=self.checked_in,
            note=self.note,
        )


class CalculatorData(BaseModel):
    """The contents of one `rpl/knowledge/calculators/<name>.yaml` file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    calculator: str
    title: str
    summary: str
    sources: list[str] = Field(min_length=1)
    numbers: dict[str, Number]
    tables: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)
    not_included: list[str] = Field(
        default_factory=list, description="What we looked for and left out, and why."
    )

    def number(self, key: str) -> Number:
        try:
            return self.numbers[key]
        except KeyError:
            raise KeyError(f"{self.calculator}: no number {key!r} in the data file") from None

    def citation(self, key: str) -> Citation:
        return self.number(key).citation(key)


class Citation(BaseModel):
    """A number's source as shown in a result."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(description="The number's key in the calculator's data file.")
    source: str
    title: str
    ref: str
    evidence: Evidence
    checked_in: str | None = None
    note: str | None = None


class CalculationResult(BaseModel):
    """The output of one calculator run (`rpl-calculation/1`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["rpl-calculation/1"] = RESULT_FORMAT
    calculator: str
    title: str
    value: Scalar | dict[str, Scalar] = Field(
        description="The result; a code such as 'undefined_by_source' where the source "
        "leaves the case open."
    )
    summary: str = Field(description="The result in one sentence.")
    details: dict[str, JsonValue] = Field(
        default_factory=dict, description="Intermediate values: ratios, points per domain."
    )
    explanation: list[str] = Field(description="How the value was reached, step by step.")
    assumptions: list[str] = Field(
        default_factory=list, description="Defaults applied and readings we chose."
    )
    caveats: list[str] = Field(
        default_factory=list,
        description="Limits of the source, unverified numbers and our modelling steps.",
    )
    evidence: Evidence = Field(description="The weakest evidence status of the numbers used.")
    sources: list[Citation] = Field(description="Every number used, with its citation.")


@cache
def load_data(name: str) -> CalculatorData:
    path = knowledge_path("calculators", f"{name}.yaml")
    raw = read_yaml(path)
    data = CalculatorData.model_validate(raw)
    if data.calculator != name:
        raise ValueError(f"{path.name}: calculator is {data.calculator!r}, expected {name!r}")
    known = load_sources()
    for key, number in data.numbers.items():
        if number.source not in known:
            raise ValueError(f"{path.name}: {key} cites unknown source {number.source!r}")
    for source in data.sources:
        if source not in known:
            raise ValueError(f"{path.name}: unknown source {source!r}")
    return data


def _source_title(source_id: str) -> str:
    source = load_sources().get(source_id)
    return source.title if source is not None else source_id


class Trail:
    """Collects the numbers used, the explanation lines and the caveats of one run.

    With `explain` off (the engine's brief runs, `run(..., explain=False)`) only the numbers
    used are collected: the value, summary and citations come out the same, the explanation,
    assumptions and caveats stay empty. Calculators guard the building of those texts with
    `if trail.explain:`, never the lookups of numbers, which decide the citations.
    """

    def __init__(self, data: CalculatorData, explain: bool = True) -> None:
        self.data = data
        self.explain = explain
        self.explanation: list[str] = []
        self.assumptions: list[str] = []
        self.caveats: list[str] = []
        self.used: dict[str, Citation] = {}

    def number(self, key: str) -> Number:
        """Look a number up and record that the result depends on it."""
        number = self.data.number(key)
        self.cite(key, number)
        return number

    def value(self, key: str) -> float:
        """A numeric number, recorded as used (its citation, and its caveat if unverified)."""
        raw = self.number(key).value
        if not isinstance(raw, int | float) or isinstance(raw, bool):
            raise TypeError(f"{self.data.calculator}: number {key!r} is not numeric")
        return float(raw)

    def cite(self, key: str, number: Number) -> None:
        """Record that the result depends on this number (once per key)."""
        if key in self.used:
            return
        self.used[key] = number.citation(key)
        if number.evidence == "unverified" and self.explain:
            self.caveats.append(
                f"{number.meaning} ({key}) is not verified in the source:"
                f" {number.note or 'recalled only'}"
            )

    def step(self, text: str) -> None:
        if self.explain:
            self.explanation.append(text)

    def result(
        self,
        value: Scalar | dict[str, Scalar],
        summary: str,
        details: dict[str, JsonValue] | None = None,
    ) -> CalculationResult:
        citations = list(self.used.values())
        return CalculationResult(
            calculator=self.data.calculator,
            title=self.data.title,
            value=value,
            summary=summary,
            details=details or {},
            explanation=list(self.explanation),
            assumptions=list(self.assumptions),
            caveats=list(self.caveats),
            evidence=weakest_evidence(citations),
            sources=citations,
        )


def weakest_evidence(citations: list[Citation]) -> Evidence:
    """The weakest status of these citations (the first of them on a tie); unverified when
    there are none."""
    evidence: Evidence = "unverified"
    rank = 3  # above every status, so the first citation sets it
    for citation in citations:
        if EVIDENCE_ORDER[citation.evidence] < rank:
            evidence = citation.evidence
            rank = EVIDENCE_ORDER[evidence]
    return evidence


def check_problems(problems: list[Problem]) -> None:
    if problems:
        raise CalculatorInputError(problems)


def start(name: str, inputs: CalculatorInput, explain: bool = True) -> Trail:
    """Begin a run: the cross-field checks apply to typed calls as well as to `run`."""
    check_problems(inputs.problems())
    return Trail(load_data(name), explain)


def number_text(value: float) -> str:
    """A measurement or threshold as people write it: 25, 2.5, 0.45 (no trailing zeros)."""
    return f"{value:g}"
