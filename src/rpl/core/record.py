"""The couple record `rpl-couple/1` (docs/record-format.md) as pydantic models.

Models only check each value on its own (type, code, range). Checks that need the
whole record (dates after `assessed_on`, pregnancy order, age from birth date) live
in `rpl.core.parsing`, which also turns every problem into a one-line message.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.gestation import GestationalAgeField
from rpl.core.ranges import ReferenceRangeField
from rpl.core.vocabulary import (
    Conception,
    Condition,
    Confirmation,
    FamilyHistory,
    ImagingMethod,
    MeasurementKey,
    Outcome,
    PregnancyFeature,
    PregnancyLocation,
    PregnancySymptom,
    Smoking,
    Subject,
    Symptom,
    TestCode,
    TissueGeneticsResult,
)

RECORD_FORMAT = "rpl-couple/1"

# Plausibility limits: values outside them cannot be right, so they are rejected
# rather than guessed at. They are not clinical thresholds.
AgeYears = Annotated[float, Field(ge=10, le=100, description="Age in whole or decimal years.")]
NonNegative = Annotated[float, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Person(_Strict):
    age_years: AgeYears | None = None
    birth_date: dt.date | None = None
    bmi: Annotated[float, Field(ge=10, le=90, description="Body-mass index in kg/m².")] | None = (
        None
    )
    height_cm: Annotated[float, Field(ge=100, le=250, description="Height in cm.")] | None = None
    weight_kg: Annotated[float, Field(ge=25, le=350, description="Weight in kg.")] | None = None
    smoking: Smoking | None = None
    alcohol_units_per_week: (
        Annotated[float, Field(ge=0, le=500, description="UK units (8 g alcohol) per week.")] | None
    ) = None
    alcohol_grams_per_week: (
        Annotated[
            float,
            Field(
                ge=0,
                le=4000,
                description="Pure alcohol (ethanol) in grams per week: the canonical amount; a"
                " record may give UK units instead (one unit is 8 g, rpl.core.alcohol).",
            ),
        ]
        | None
    ) = None
    caffeine_mg_per_day: (
        Annotated[float, Field(ge=0, le=5000, description="Caffeine in mg per day.")] | None
    ) = None


class Woman(Person):
    conditions: list[Condition] | None = Field(
        default=None, description="Vocabulary: conditions. Absent means not recorded."
    )
    symptoms: list[Symptom] | None = Field(
        default=None, description="Symptoms outside pregnancy. Absent means not recorded."
    )
    family_history: list[FamilyHistory] | None = Field(
        default=None, description="Vocabulary: family history. Absent means not recorded."
    )


class Partner(Person):
    pass


class TissueGenetics(_Strict):
    result: TissueGeneticsResult
    detail: str | None = Field(default=None, max_length=500)


class Pregnancy(_Strict):
    outcome: Outcome
    end_date: dt.date | None = None
    gestational_age: GestationalAgeField | None = None
    confirmed_by: Confirmation | None = None
    conception: Conception | None = None
    same_partner: bool | None = None
    features: list[PregnancyFeature] = Field(default_factory=list)
    tissue_genetics: TissueGenetics | None = None


class CurrentPregnancy(_Strict):
    gestational_age: GestationalAgeField | None = None
    location: PregnancyLocation | None = None
    fetal_heartbeat: bool | None = None
    symptoms: list[PregnancySymptom] = Field(default_factory=list)
    features: list[PregnancyFeature] = Field(
        default_factory=list,
        description="Vocabulary: pregnancy features known so far, e.g. multiple_pregnancy for"
        " twins or more. Absent or empty means none recorded (not that there are none).",
    )


class Result(_Strict):
    test: TestCode
    date: dt.date | None = None
    value: float | str | None = Field(default=None, union_mode="left_to_right")
    unit: str | None = Field(default=None, max_length=40)
    # [lower, upper], one bound null, or as printed ("<20"): rpl.core.ranges.
    reference_range: ReferenceRangeField | None = None
    method: ImagingMethod | None = None
    measurements: dict[MeasurementKey, NonNegative] | None = None
    subject: Subject | None = None
    interpretation: str | None = Field(default=None, max_length=200)


class CoupleRecord(_Strict):
    """One couple's history and results, as exchanged by the CLI, API, forms and FHIR mapping."""

    format: Literal["rpl-couple/1"]
    id: str = Field(min_length=1, max_length=100, description="A local id; never a real name.")
    profile: str | None = Field(
        default=None, description="Guideline profile id; default eshre-2022."
    )
    assessed_on: dt.date | None = Field(
        default=None, description='"Today" for ages and intervals; the day of assessment if absent.'
    )
    woman: Woman
    partner: Partner | None = None
    pregnancies: list[Pregnancy] = Field(description="Oldest first; order matters for runs.")
    current_pregnancy: CurrentPregnancy | None = None
    results: list[Result] = Field(default_factory=list)


def pregnant_now(record: CoupleRecord) -> bool:
    """A current pregnancy not known to be ectopic: care for this pregnancy, not the next.

    The one test the rules and the presenter share; a known ectopic pregnancy still has its
    triage (an emergency), but its plan speaks of the next pregnancy."""
    current = record.current_pregnancy
    return current is not None and current.location != "ectopic"
