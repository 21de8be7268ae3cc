"""Hypothesis strategies for whole rpl-couple/1 records, drawn from the vocabulary."""

from __future__ import annotations

import datetime as dt
from typing import get_args

from hypothesis import strategies as st

from rpl.core import vocabulary as v

TODAY = dt.date(2026, 11, 21)


def codes(literal) -> st.SearchStrategy[str]:
    return st.sampled_from(list(get_args(literal)))


def maybe(strategy):
    return st.one_of(st.none(), strategy)


def code_list(literal, max_size=3):
    return st.lists(codes(literal), max_size=max_size, unique=True)


ga = st.builds(lambda w, d: f"{w}+{d}", st.integers(3, 42), st.integers(0, 6))
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2025, 12, 31))
small_text = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz 0123456789", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def person(draw, woman: bool):
    data = {}
    for field, strategy in {
        "age_years": st.floats(18, 60, allow_nan=False).map(lambda x: round(x, 1)),
        "bmi": st.floats(15, 45).map(lambda x: round(x, 1)),
        "smoking": codes(v.Smoking),
        "alcohol_units_per_week": st.floats(0, 30).map(lambda x: round(x, 1)),
        "caffeine_mg_per_day": st.integers(0, 800).map(float),
    }.items():
        if draw(st.booleans()):
            data[field] = draw(strategy)
    if woman:
        for field, literal in {
            "conditions": v.Condition,
            "symptoms": v.Symptom,
            "family_history": v.FamilyHistory,
        }.items():
            if draw(st.booleans()):
                data[field] = draw(code_list(literal))
    return data


@st.composite
def pregnancy(draw):
    item = {"outcome": draw(codes(v.Outcome))}
    optional = {
        "gestational_age": ga,
        "confirmed_by": codes(v.Confirmation),
        "conception": codes(v.Conception),
        "same_partner": st.booleans(),
        "features": code_list(v.PregnancyFeature, 2),
        "tissue_genetics": st.fixed_dictionaries(
            {"result": codes(v.TissueGeneticsResult)}, optional={"detail": small_text}
        ),
    }
    for field, strategy in optional.items():
        if draw(st.booleans()):
            item[field] = draw(strategy)
    return item


@st.composite
def result(draw):
    item = {"test": draw(codes(v.TestCode))}
    if draw(st.booleans()):
        item["date"] = draw(dates).isoformat()
    kind = draw(st.sampled_from(["number", "word", "none"]))
    if kind == "number":
        item["value"] = draw(st.floats(0, 500).map(lambda x: round(x, 2)))
        if draw(st.booleans()):
            item["unit"] = draw(st.sampled_from(["mIU/L", "pmol/L", "GPL", "%"]))
        if draw(st.booleans()):
            low = draw(st.floats(0, 10).map(lambda x: round(x, 1)))
            high = low + draw(st.integers(1, 50))
            # Both bounds, one bound (a one-sided range), or as a laboratory prints it.
            item["reference_range"] = draw(
                st.sampled_from([[low, high], [None, high], [low, None], f"<{high}"])
            )
    elif kind == "word":
        item["value"] = draw(st.sampled_from(["positive", "negative", "normal", "46,XX"]))
        if draw(st.booleans()):
            item["unit"] = "titre"
    for field, strategy in {
        "method": codes(v.ImagingMethod),
        "subject": codes(v.Subject),
        "interpretation": small_text,
        "measurements": st.dictionaries(
            codes(v.MeasurementKey), st.floats(0, 60).map(lambda x: round(x, 1)), max_size=2
        ),
    }.items():
        if draw(st.booleans()):
            item[field] = draw(strategy)
    return item


@st.composite
def records(draw):
    pregnancies = draw(st.lists(pregnancy(), max_size=6))
    # End dates, when given, must run oldest first.
    if draw(st.booleans()):
        ends = sorted(draw(st.lists(dates, min_size=len(pregnancies), max_size=len(pregnancies))))
        for item, end in zip(pregnancies, ends, strict=True):
            item["end_date"] = end.isoformat()
    record = {
        "format": "rpl-couple/1",
        "id": draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)),
        "woman": draw(person(woman=True)),
        "pregnancies": pregnancies,
        "results": draw(st.lists(result(), max_size=4)),
    }
    if draw(st.booleans()):
        record["assessed_on"] = "2026-01-15"
    if draw(st.booleans()):
        record["profile"] = draw(st.sampled_from(["eshre-2022", "rcog-2023", "asrm-2012"]))
    if draw(st.booleans()):
        record["partner"] = draw(person(woman=False))
    if draw(st.booleans()):
        current = {}
        if draw(st.booleans()):
            current["gestational_age"] = draw(ga)
        for field, strategy in {
            "location": codes(v.PregnancyLocation),
            "fetal_heartbeat": st.booleans(),
            "symptoms": code_list(v.PregnancySymptom),
        }.items():
            if draw(st.booleans()):
                current[field] = draw(strategy)
        record["current_pregnancy"] = current
    return record
