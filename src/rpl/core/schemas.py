"""JSON Schemas of the public contract, generated from the models (never written by hand)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from rpl.core.assessment import Assessment
from rpl.core.profiles import Profile
from rpl.core.record import CoupleRecord

SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "couple": (CoupleRecord, "rpl-couple/1", "A couple's pregnancy history and test results."),
    "assessment": (
        Assessment,
        "rpl-assessment/1",
        "The assessment of one record under one profile.",
    ),
    "profile": (Profile, "rpl-profile/1", "A guideline profile file (definitions and citations)."),
}


def json_schema(which: str) -> dict[str, Any]:
    model, name, description = SCHEMAS[which]
    schema = model.model_json_schema(
        mode="validation" if which != "assessment" else "serialization"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:rpl-care:schema:{name}",
        "title": name,
        "description": description,
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
