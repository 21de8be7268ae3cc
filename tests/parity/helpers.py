"""Shared by the parity tests: the engine's answer for every woman of a registry folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from rpl.batch.records import records_from_rows
from rpl.batch.sql import CLASSIFICATION_COLUMNS
from rpl.batch.synth import SCHEMAS
from rpl.core.classification import Classification, classify
from rpl.core.gestation import parse_gestational_age
from rpl.core.parsing import parse_record
from rpl.core.profiles import Profile, load_profiles

AS_OF = dt.date(2025, 12, 31)
PROFILES = list(load_profiles().values())
# Every classification column the registry writes, except the woman's id and her pregnancy
# count (the engine's Classification has no such field): a new column is compared at once.
COMPARED = tuple(c for c in CLASSIFICATION_COLUMNS if c not in ("woman_id", "pregnancies"))


def read_rows(directory: Path, table: str) -> list[dict[str, Any]]:
    path = directory / f"{table}.parquet"
    return pq.read_table(path).to_pylist() if path.exists() else []


def records(directory: Path, as_of: dt.date = AS_OF) -> dict[Any, dict[str, Any]]:
    return records_from_rows(
        read_rows(directory, "women"),
        read_rows(directory, "pregnancies"),
        read_rows(directory, "results"),
        as_of,
    )


def as_row(classification: Classification) -> dict[str, Any]:
    needs = [u.needs.rsplit(".", 1)[-1] for u in classification.undecided]
    return {
        "meets_definition": classification.meets_definition,
        "rpl_type": classification.type,
        "losses_counted": classification.losses_counted,
        "consecutive_losses": classification.consecutive_losses,
        "longest_consecutive_losses": classification.longest_consecutive_losses,
        "first_trimester_losses": classification.first_trimester_losses,
        "second_trimester_losses": classification.second_trimester_losses,
        "unknown_trimester_losses": classification.unknown_trimester_losses,
        "excluded_pregnancies": len(classification.excluded),
        "undecided_pregnancies": len(classification.undecided),
        "needs_confirmed_by": needs.count("confirmed_by"),
        "needs_same_partner": needs.count("same_partner"),
        "care_level": classification.care_level,
    }


def engine_rows(
    documents: dict[Any, dict[str, Any]], profile: Profile, as_of: dt.date = AS_OF
) -> dict[Any, dict[str, Any]]:
    return {
        woman_id: as_row(classify(parse_record(document, as_of), profile))
        for woman_id, document in documents.items()
    }


def mismatches(
    registry: list[dict[str, Any]], expected: dict[Any, dict[str, Any]]
) -> list[tuple[Any, str, Any, Any]]:
    """(woman, field, registry value, engine value) for every disagreement."""
    found = []
    assert {r["woman_id"] for r in registry} == set(expected), "not the same women"
    for row in registry:
        wanted = expected[row["woman_id"]]
        for name in COMPARED:
            if row[name] != wanted[name]:
                found.append((row["woman_id"], name, row[name], wanted[name]))
    return found


def vignette_histories() -> list[list[dict[str, Any]]]:
    """The histories of every classification vignette (tests/vignettes), as registry rows."""
    from tests.core.helpers import pregnancy
    from tests.vignettes.test_classification_vignettes import VIGNETTES

    histories = []
    for vignette in VIGNETTES:
        history = []
        for spec in vignette["history"]:
            item = pregnancy(spec)
            ga = item.get("gestational_age")
            history.append(
                {
                    "outcome": item["outcome"],
                    "gestational_age_days": (
                        None if ga is None else parse_gestational_age(ga).total_days
                    ),
                    "confirmed_by": item.get("confirmed_by"),
                    "same_partner": item.get("same_partner"),
                }
            )
        histories.append(history)
    return histories


def write_population(directory: Path, histories: list[list[dict[str, Any]]]) -> None:
    """A registry folder from hand-made histories (one list of pregnancy dicts per woman)."""
    directory.mkdir(parents=True, exist_ok=True)
    women = [
        {"woman_id": i + 1, "birth_date": None, "partner_id": None} for i in range(len(histories))
    ]
    pregnancies = []
    for index, history in enumerate(histories):
        for number, pregnancy in enumerate(history, start=1):
            row = {name: None for name in SCHEMAS["pregnancies"].names}
            row.update(pregnancy)
            row.update({"woman_id": index + 1, "pregnancy_number": number})
            pregnancies.append(row)
    pq.write_table(
        pa.Table.from_pylist(women, schema=SCHEMAS["women"]), directory / "women.parquet"
    )
    pq.write_table(
        pa.Table.from_pylist(pregnancies, schema=SCHEMAS["pregnancies"]),
        directory / "pregnancies.parquet",
    )
