"""Builders for records in tests: short, readable histories instead of JSON walls."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from rpl.core.knowledge import knowledge_path
from rpl.core.parsing import CheckedRecord, parse_record

TODAY = dt.date(2026, 11, 21)
EXAMPLES_DIR = knowledge_path("examples")


def example_paths() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.json"))


def pregnancy(spec: str) -> dict[str, Any]:
    """'miscarriage 8+3 ultrasound different_partner' -> a pregnancy object.

    Words after the outcome: a gestational age (digits), a confirmation
    (ultrasound/histology/hcg_only/unknown), same_partner / different_partner,
    tissue=<tissue genetics result>, feature=<pregnancy feature> (repeatable),
    ended=<end date YYYY-MM-DD>.
    """
    words = spec.split()
    item: dict[str, Any] = {"outcome": words[0]}
    for word in words[1:]:
        if word[0].isdigit() or word[0] == "-":
            item["gestational_age"] = word
        elif word in ("ultrasound", "histology", "hcg_only", "unknown"):
            item["confirmed_by"] = word
        elif word == "same_partner":
            item["same_partner"] = True
        elif word == "different_partner":
            item["same_partner"] = False
        elif word.startswith("tissue="):
            item["tissue_genetics"] = {"result": word.removeprefix("tissue=")}
        elif word.startswith("ended="):
            item["end_date"] = word.removeprefix("ended=")
        elif word.startswith("feature="):
            item.setdefault("features", []).append(word.removeprefix("feature="))
        else:
            raise ValueError(f"unknown word in pregnancy spec: {word}")
    return item


def record(*history: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "rpl-couple/1",
        "id": "test",
        "assessed_on": "2025-03-01",
        "woman": {"age_years": 32, "bmi": 23.0, "smoking": "never"},
        "pregnancies": [pregnancy(spec) for spec in history],
        "results": [],
    }
    data.update(overrides)
    return data


def checked(*history: str, **overrides: Any) -> CheckedRecord:
    return parse_record(json.dumps(record(*history, **overrides)), today=TODAY)
