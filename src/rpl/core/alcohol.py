"""Alcohol: one canonical amount in the record (grams of pure alcohol a week) and the way each
language asks for it (issue 22).

Version 1 of the record gave `alcohol_units_per_week` (UK units); `alcohol_grams_per_week` is the
canonical field and units still count, converted by the UK unit's grams. Patients and staff are
asked in what their country counts: UK units, a national standard drink (Viet Nam's đơn vị cồn of
10 g) or grams where there is none or sources disagree (China, Turkey). Every figure comes from
`rpl/knowledge/units/alcohol.yaml` with its source and evidence status.
"""

from __future__ import annotations

from functools import cache
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.knowledge import knowledge_path, read_yaml
from rpl.core.vocabulary import Evidence


class _Cited(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    ref: str
    evidence: Evidence
    checked_in: str | None = None
    note: str | None = None


class UkUnit(_Cited):
    value: float = Field(gt=0, description="Grams of pure alcohol in one UK unit.")


class Drink(_Cited):
    """How one language asks about alcohol."""

    counts: Literal["units", "drinks", "grams"]
    grams: float | None = Field(
        default=None, gt=0, description="Grams of pure alcohol in what is counted; None: grams."
    )
    help: str = Field(
        description="The question's explanation with local examples, in the language."
    )


class AlcoholData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    uk_unit_grams: UkUnit
    languages: dict[str, Drink]


class _Person(Protocol):
    @property
    def alcohol_units_per_week(self) -> float | None: ...

    @property
    def alcohol_grams_per_week(self) -> float | None: ...


@cache
def load_alcohol() -> AlcoholData:
    data = AlcoholData.model_validate(read_yaml(knowledge_path("units", "alcohol.yaml")))
    for code, drink in data.languages.items():
        if (drink.counts == "grams") != (drink.grams is None):
            raise ValueError(
                f"alcohol.yaml: {code}: grams is given exactly when drinks are counted"
            )
    return data


def uk_unit_grams() -> float:
    return load_alcohol().uk_unit_grams.value


def grams_per_week(person: _Person) -> float | None:
    """The person's alcohol in grams a week: the grams when given, else the UK units converted;
    None when neither is recorded."""
    if person.alcohol_grams_per_week is not None:
        return person.alcohol_grams_per_week
    if person.alcohol_units_per_week is not None:
        return person.alcohol_units_per_week * uk_unit_grams()
    return None


def drink_for(language: str) -> Drink:
    """What a person reading this language counts (English's UK unit for a language without
    an entry)."""
    drinks = load_alcohol().languages
    return drinks.get(language.lower().replace("_", "-"), drinks["en"])
