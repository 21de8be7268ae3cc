"""Registry rows as rpl-couple/1 records, so any woman of a registry can be assessed one by one
(`rpl assess`) and the parity tests can hold the registry to the engine's answer."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any


def gestational_age_text(days: int) -> str:
    return f"{days // 7}+{days % 7}"


def _value(text: Any) -> float | str | None:
    if text is None:
        return None
    try:
        return float(text)
    except (TypeError, ValueError):
        return str(text)


def records_from_rows(
    women: Iterable[Mapping[str, Any]],
    pregnancies: Iterable[Mapping[str, Any]],
    results: Iterable[Mapping[str, Any]],
    assessed_on: dt.date,
) -> dict[Any, dict[str, Any]]:
    """One rpl-couple/1 document per woman, keyed by woman_id; pregnancies in their number order."""
    by_woman: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for row in pregnancies:
        by_woman[row["woman_id"]].append(row)
    results_by_woman: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for row in results:
        results_by_woman[row["woman_id"]].append(row)
    records: dict[Any, dict[str, Any]] = {}
    for woman in women:
        woman_id = woman["woman_id"]
        person: dict[str, Any] = {}
        if woman.get("birth_date") is not None:
            person["birth_date"] = woman["birth_date"].isoformat()
        items = []
        for row in sorted(by_woman.get(woman_id, []), key=lambda r: r["pregnancy_number"]):
            item: dict[str, Any] = {"outcome": row["outcome"]}
            if row.get("end_date") is not None:
                item["end_date"] = row["end_date"].isoformat()
            if row.get("gestational_age_days") is not None:
                item["gestational_age"] = gestational_age_text(int(row["gestational_age_days"]))
            if row.get("confirmed_by") is not None:
                item["confirmed_by"] = row["confirmed_by"]
            if row.get("same_partner") is not None:
                item["same_partner"] = bool(row["same_partner"])
            if row.get("tissue_genetics") is not None:
                item["tissue_genetics"] = {"result": row["tissue_genetics"]}
            items.append(item)
        tests = []
        for row in results_by_woman.get(woman_id, []):
            test: dict[str, Any] = {"test": row["test"]}
            if row.get("date") is not None:
                test["date"] = row["date"].isoformat()
            value = _value(row.get("value"))
            if value is not None:
                test["value"] = value
            if row.get("unit") is not None:
                test["unit"] = row["unit"]
            if row.get("subject") is not None:
                test["subject"] = row["subject"]
            tests.append(test)
        records[woman_id] = {
            "format": "rpl-couple/1",
            "id": f"registry-{woman_id}",
            "assessed_on": assessed_on.isoformat(),
            "woman": person,
            "pregnancies": items,
            "results": tests,
        }
    return records
