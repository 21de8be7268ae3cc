"""Building record-form posts for the clinic tests."""

from __future__ import annotations

from typing import Any


def record_post(
    local_id: str = "couple-1",
    *,
    woman: dict[str, Any] | None = None,
    pregnancies: list[dict[str, Any]] | None = None,
    results: list[dict[str, Any]] | None = None,
    current: dict[str, Any] | None = None,
    partner: dict[str, Any] | None = None,
    assessed_on: str = "2025-03-01",
    language: str = "en",
    profile: str = "",
) -> dict[str, Any]:
    """The POST data of the record form (prefixes as the page sends them)."""
    data: dict[str, Any] = {
        "record-local_id": local_id,
        "record-profile": profile,
        "record-assessed_on": assessed_on,
        "record-language": language,
    }
    for key, value in (woman or {"age_years": "36"}).items():
        data[f"woman-{key}"] = value
    for key, value in (partner or {}).items():
        data[f"partner-{key}"] = value
    for key, value in (current or {}).items():
        data[f"current-{key}"] = value
    for prefix, rows in (("pregnancies", pregnancies or []), ("results", results or [])):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


TWO_LOSSES = [
    {
        "outcome": "miscarriage",
        "end_date": "2024-03-11",
        "gestational_age": "8+0",
        "confirmed_by": "ultrasound",
    },
    {
        "outcome": "miscarriage",
        "end_date": "2024-11-30",
        "gestational_age": "6+4",
        "confirmed_by": "ultrasound",
    },
]
