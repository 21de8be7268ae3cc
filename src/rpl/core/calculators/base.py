"""What every calculator shares: the input base class, the result, the published numbers.

Every number a calculator uses (a threshold, a weight, a table cell) lives in a data file
`rpl/knowledge/calculators/<name>.yaml` with the source it comes from, the place in the
source, where we read it and its evidence status. Code refers to numbers by key and never
writes one down itself; the result lists the citations of the numbers it used, so a
clinician sees how far each one was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from rpl.core.knowledge import knowledge_path, read_yaml
from rpl.core.parsing import Problem, RecordError
from rpl.core.sources import load_sources
from rpl.core.trusted import build_partial
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
        """The citation of one number, built once per loaded data file (citations are frozen,
        so every result that uses the number shares it)."""
        citations = prepared(self).citations
        citation = citations.get(key)
        if citation is None:
            citation = citations[key] = self.number(key).citation(key)
        return citation


@dataclass
class Prepared:
    """What runs of a calculator look up in its data file, worked out once per loaded file."""

    data: CalculatorData
    citations: dict[str, Citation] = field(default_factory=dict)
    floats: dict[str, float] = field(default_factory=dict)  # the numeric numbers, as floats
    derived: dict[str, Any] = field(default_factory=dict)  # e.g. a table turned into a lookup
    # What a run needs when it first uses a number: its citation, its value as a float (None
    # if not numeric) and, when unverified, the caveat that says so.
    uses: dict[str, tuple[Citation, float | None, str | None]] = field(default_factory=dict)
    # The weakest evidence of the numbers a run used, by their keys in the order used.
    evidence: dict[tuple[str, ...], Evidence] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, number in self.data.numbers.items():
            raw = number.value
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                self.floats[key] = float(raw)

    def use(self, key: str) -> tuple[Citation, float | None, str | None]:
        found = self.uses.get(key)
        if found is None:
            number = self.data.number(key)
            caveat = None
            if number.evidence == "unverified":
                caveat = f"{number.meaning} ({key}) is not verified in the source: {number.note or 'recalled only'}"
            found = self.uses[key] = (self.data.citation(key), self.floats.get(key), caveat)
        return found


# Per loaded data file (kept with the file, so a reused id never matches another file).
_PREPARED: dict[int, Prepared] = {}


def prepared(data: CalculatorData) -> Prepared:
    found = _PREPARED.get(id(data))
    if found is None or found.data is not data:
        found = _PREPARED[id(data)] = Prepared(data)
    return found


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

    __slots__ = (
        "assumptions",
        "caveats",
        "data",
        "explain",
        "explanation",
        "foreign",
        "prepared",
        "used",
    )

    def __init__(self, data: CalculatorData, explain: bool = True) -> None:
        self.data = data
        self.explain = explain
        self.explanation: list[str] = []
        self.assumptions: list[str] = []
        self.caveats: list[str] = []
        self.used: dict[str, Citation] = {}
        self.prepared = prepared(data)
        self.foreign = False  # a number not from the data file was cited (see `cite`)

    def number(self, key: str) -> Number:
        """Look a number up and record that the result depends on it."""
        number = self.data.number(key)
        if key not in self.used:
            self._use(key)
        return number

    def value(self, key: str) -> float:
        """A numeric number, recorded as used (its citation, and its caveat if unverified)."""
        if key in self.used:
            value = self.prepared.floats.get(key)
        else:  # `_use`, written out: a run looks up about ten numbers
            citation, value, caveat = self.prepared.use(key)
            self.used[key] = citation
            if caveat is not None and self.explain:
                self.caveats.append(caveat)
        if value is None:
            raise TypeError(f"{self.data.calculator}: number {key!r} is not numeric")
        return value

    def _use(self, key: str) -> float | None:
        citation, value, caveat = self.prepared.use(key)
        self.used[key] = citation
        if caveat is not None and self.explain:
            self.caveats.append(caveat)
        return value

    def cite(self, key: str, number: Number) -> None:
        if key not in self.used:
            if self.data.numbers.get(key) is number:
                self._use(key)
                return
            self.used[key] = number.citation(key)
            self.foreign = True
            if number.evidence == "unverified" and self.explain:
                self.caveats.append(
                    f"{number.meaning} ({key}) is not verified in the source: {number.note or 'recalled only'}"
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
        # The weakest status of the numbers used; unverified when none was used. With only
        # the data file's numbers it depends on their keys alone: worked out once per set.
        if self.foreign:
            evidence = weakest_evidence(citations)
        else:
            used = tuple(self.used)
            found = self.prepared.evidence.get(used)
            if found is None:
                found = self.prepared.evidence[used] = weakest_evidence(citations)
            evidence = found
        return build_partial(
            CalculationResult,
            {
                "format": RESULT_FORMAT,
                "calculator": self.data.calculator,
                "title": self.data.title,
                "value": value,
                "summary": summary,
                "details": details or {},
                "explanation": list(self.explanation),
                "assumptions": list(self.assumptions),
                "caveats": list(self.caveats),
                "evidence": evidence,
                "sources": citations,
            },
            _RESULT_GIVEN,  # `format` is left at its default, as before
        )


# The fields a run sets (every field but `format`).
_RESULT_GIVEN = frozenset(CalculationResult.model_fields) - {"format"}


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
