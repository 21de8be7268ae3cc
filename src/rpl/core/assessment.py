"""The assessment `rpl-assessment/1`: every section of the contract for one couple and profile.

Classification and missing data come from their own modules; every other section is filled
by the rule registry (`rpl.core.rules`). Sections no rule has filled yet stay present and empty,
so consumers can rely on every key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rpl import __version__
from rpl.core.classification import Classification, classify
from rpl.core.knowledge import knowledge_version
from rpl.core.parsing import CheckedRecord
from rpl.core.profiles import Profile
from rpl.core.rules.catalogue import default_registry
from rpl.core.sections import (
    Finding,
    Investigation,
    MissingItem,
    PlanItem,
    Prognosis,
    Triage,
)
from rpl.core.text import gettext_noop as _
from rpl.core.triage import triage_of_record


class ProfileRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str


class Versions(BaseModel):
    model_config = ConfigDict(frozen=True)

    engine: str
    knowledge: str


class Assessment(BaseModel):
    format: Literal["rpl-assessment/1"] = "rpl-assessment/1"
    record_id: str
    assessed_on: dt.date
    profile: ProfileRef
    versions: Versions
    classification: Classification
    investigations: list[Investigation] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    treatments: list[PlanItem] = Field(default_factory=list)
    next_pregnancy: list[PlanItem] = Field(default_factory=list)
    advice: list[PlanItem] = Field(default_factory=list)
    prognosis: Prognosis = Field(default_factory=Prognosis)
    triage: Triage | None = Field(default=None, description="Only with a current pregnancy.")
    missing_data: list[MissingItem] = Field(default_factory=list)
    rules_fired: list[str] = Field(default_factory=list)


_LOSS_OUTCOMES = {"miscarriage", "stillbirth", "biochemical_loss", "pul_resolved"}
_GESTATION_MATTERS = _LOSS_OUTCOMES | {"live_birth"}


def find_missing_data(checked: CheckedRecord, classification: Classification) -> list[MissingItem]:
    """Every missing value that changes the classification or the plan, with why it matters."""
    record = checked.record
    missing: list[MissingItem] = []

    def add(field: str, why: str) -> None:
        missing.append(MissingItem(field=field, why=why))

    undecided_needs: set[str] = set()
    for item in classification.undecided:
        # The field names the pregnancy; the reason is the classification's own sentence.
        add(item.needs, item.reason)
        undecided_needs.add(item.needs)
    if checked.woman_age_years is None:
        add("woman.age_years", _("age is the strongest predictor of the next pregnancy's outcome"))
    for index, pregnancy in enumerate(record.pregnancies):
        if pregnancy.end_date is None:
            add(
                f"pregnancies[{index}].end_date",
                _("dates place the pregnancy in time and check the order of losses"),
            )
        if pregnancy.gestational_age is None and pregnancy.outcome in _GESTATION_MATTERS:
            add(
                f"pregnancies[{index}].gestational_age",
                _(
                    "decides the trimester and whether the pregnancy is within the profile's loss limit"
                ),
            )
        if (
            pregnancy.outcome == "miscarriage"
            and pregnancy.confirmed_by in (None, "unknown")
            and (where := f"pregnancies[{index}].confirmed_by") not in undecided_needs
        ):
            add(
                where,
                _(
                    "some definitions count only losses seen on ultrasound or confirmed by histology"
                ),
            )
    if checked.woman_bmi is None:
        add(
            "woman.bmi",
            _(
                "a BMI outside the healthy range is linked to pregnancy loss, and obesity changes"
                " the folic acid dose (or give height_cm and weight_kg)"
            ),
        )
    if record.woman.smoking in (None, "unknown"):
        add("woman.smoking", _("smoking lowers the chance of a live birth and is worth stopping"))
    if record.woman.family_history is None:
        add(
            "woman.family_history",
            _(
                "a family history of chromosome rearrangement or thrombosis changes which tests help"
            ),
        )
    if record.woman.conditions is None:
        add(
            "woman.conditions",
            _("conditions such as thyroid disease, diabetes or APS change the plan"),
        )
    for index, result in enumerate(record.results):
        if isinstance(result.value, int | float) and not result.unit:
            add(f"results[{index}].unit", _("a number without its unit cannot be interpreted"))
        if result.date is None:
            add(f"results[{index}].date", _("timing decides whether a test needs repeating"))
    return missing


def assess(checked: CheckedRecord, profile: Profile) -> Assessment:
    classification = classify(checked, profile)
    emitted, fired = default_registry().run(checked, profile, classification)
    sections: dict[str, list[Any]] = {
        "investigations": [],
        "findings": [],
        "treatments": [],
        "next_pregnancy": [],
        "advice": [],
    }
    prognosis: Prognosis | None = None
    for section, item in emitted:
        if section == "prognosis" and isinstance(item, Prognosis):
            prognosis = item
        else:
            sections[section].append(item)
    if prognosis is None:
        prognosis = Prognosis()
    triage = triage_of_record(checked.record)
    if triage is not None:
        fired = [*fired, *triage.rules]
    return Assessment(
        record_id=checked.record.id,
        assessed_on=checked.assessed_on,
        profile=ProfileRef(id=profile.id, title=profile.title),
        versions=Versions(engine=__version__, knowledge=knowledge_version()),
        classification=classification,
        investigations=sections["investigations"],
        findings=sections["findings"],
        treatments=sections["treatments"],
        next_pregnancy=sections["next_pregnancy"],
        advice=sections["advice"],
        prognosis=prognosis,
        triage=triage,
        missing_data=find_missing_data(checked, classification),
        rules_fired=fired,
    )
