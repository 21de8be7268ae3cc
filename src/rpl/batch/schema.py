"""The registry's tabular schema: one table per entity, mirroring the rpl-couple/1 record.

Each table is a Parquet file, a CSV file, or a folder of Parquet files named after it
(`pregnancies.parquet`, `pregnancies.csv` or `pregnancies/*.parquet`). docs/registry.md
documents every column; a test checks that it does. Codes come from the record vocabulary
(`rpl.core.vocabulary`), so a registry row and a record field mean the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from rpl.core.gestation import MAX_WEEKS
from rpl.core.vocabulary import Confirmation, Outcome, Subject, TestCode, TissueGeneticsResult

Kind = Literal["id", "integer", "number", "text", "code", "date", "boolean"]
Format = Literal["parquet", "csv"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False  # the column must exist and every row must have a value
    codes: tuple[str, ...] = ()  # for kind "code": the allowed values
    minimum: int | None = None
    maximum: int | None = None
    meaning: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool
    key: tuple[str, ...]  # no two rows share these values
    meaning: str

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


MAX_GESTATION_DAYS = MAX_WEEKS * 7

TABLES: tuple[Table, ...] = (
    Table(
        "women",
        (
            Column("woman_id", "id", required=True, meaning="A local id; never a name."),
            Column("birth_date", "date", meaning="For age; empty = unknown."),
            Column("partner_id", "id", meaning="Her current partner (partners.partner_id)."),
        ),
        required=True,
        key=("woman_id",),
        meaning="One row per woman, with or without pregnancies.",
    ),
    Table(
        "pregnancies",
        (
            Column("woman_id", "id", required=True, meaning="women.woman_id"),
            Column(
                "pregnancy_number",
                "integer",
                required=True,
                minimum=1,
                meaning="1 = her oldest pregnancy; order decides consecutive runs.",
            ),
            Column("outcome", "code", required=True, codes=get_args(Outcome)),
            Column("end_date", "date", meaning="Day the pregnancy ended; empty if ongoing."),
            Column(
                "gestational_age_days",
                "integer",
                minimum=0,
                maximum=MAX_GESTATION_DAYS,
                meaning="Weeks × 7 + days at the end (8+3 is 59); empty = unknown.",
            ),
            Column("confirmed_by", "code", codes=get_args(Confirmation)),
            Column(
                "same_partner",
                "boolean",
                meaning="With her current partner; empty = unknown.",
            ),
            Column("partner_id", "id", meaning="The partner of this pregnancy, if known."),
            Column(
                "tissue_genetics",
                "code",
                codes=get_args(TissueGeneticsResult),
                meaning="Result of genetic analysis of the pregnancy tissue.",
            ),
        ),
        required=True,
        key=("woman_id", "pregnancy_number"),
        meaning="One row per pregnancy.",
    ),
    Table(
        "results",
        (
            Column("woman_id", "id", required=True, meaning="women.woman_id"),
            Column("test", "code", required=True, codes=get_args(TestCode)),
            Column("date", "date"),
            Column("value", "text", meaning="As written by the laboratory; numbers as text."),
            Column("unit", "text"),
            Column("subject", "code", codes=get_args(Subject), meaning="Empty = the woman."),
        ),
        required=False,
        key=(),
        meaning="Test results of the couple, any number per woman.",
    ),
    Table(
        "partners",
        (
            Column("partner_id", "id", required=True),
            Column("birth_date", "date"),
        ),
        required=False,
        key=("partner_id",),
        meaning="One row per partner.",
    ),
)
TABLES_BY_NAME = {t.name: t for t in TABLES}


class InputError(ValueError):
    """The registry input cannot be used as it stands; `problems` says why, one per line.

    Messages name tables, columns and row counts; they never repeat a value from the data.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Source:
    table: str
    path: Path
    format: Format

    @property
    def files(self) -> list[Path]:
        if self.path.is_dir():
            return sorted(self.path.glob("*.parquet"))
        return [self.path]


def find_sources(directory: Path, tables: tuple[Table, ...] = TABLES) -> dict[str, Source]:
    """The file (or folder) holding each table; raises InputError if a required one is missing."""
    if not directory.is_dir():
        raise InputError([f"{directory}: not a folder"])
    found: dict[str, Source] = {}
    problems: list[str] = []
    for table in tables:
        candidates = [
            Source(table.name, directory / f"{table.name}.parquet", "parquet"),
            Source(table.name, directory / f"{table.name}.csv", "csv"),
            Source(table.name, directory / table.name, "parquet"),
        ]
        present = [c for c in candidates if c.path.exists()]
        if len(present) > 1:
            names = ", ".join(c.path.name for c in present)
            problems.append(f"{table.name}: found more than one file ({names}); keep one")
        elif present:
            source = present[0]
            if not source.files:
                problems.append(f"{source.path.name}: folder holds no .parquet files")
            found[table.name] = source
        elif table.required:
            problems.append(
                f"{table.name}: missing; expected {table.name}.parquet, {table.name}.csv "
                f"or a folder {table.name}/ of Parquet files"
            )
    if problems:
        raise InputError(problems)
    return found
