"""OMOP CDM held in PostgreSQL: read directly from a schema of a real PostgreSQL server (the
suite's throwaway one), loaded with the synthetic CDM subset of tests/batch/omop in the CDM's
own column types, plus rows the registry must leave in the database (other concepts, men)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from rpl.cli.main import main
from tests.batch.test_omop import EXPECTED, OMOP

pytestmark = pytest.mark.postgres

# The columns of each table as OMOP CDM 5.4 types them (a subset; a few the registry does not
# read are kept to show they are left alone).
DDL = {
    "person": """person_id integer NOT NULL, gender_concept_id integer NOT NULL,
        year_of_birth integer NOT NULL, month_of_birth integer, day_of_birth integer,
        birth_datetime timestamp, race_concept_id integer NOT NULL DEFAULT 0""",
    "condition_occurrence": """condition_occurrence_id integer NOT NULL,
        person_id integer NOT NULL, condition_concept_id integer NOT NULL,
        condition_start_date date NOT NULL, condition_start_datetime timestamp,
        condition_type_concept_id integer NOT NULL DEFAULT 32817""",
    "procedure_occurrence": """procedure_occurrence_id integer NOT NULL,
        person_id integer NOT NULL, procedure_concept_id integer NOT NULL,
        procedure_date date NOT NULL, procedure_type_concept_id integer NOT NULL DEFAULT 32817""",
    "measurement": """measurement_id integer NOT NULL, person_id integer NOT NULL,
        measurement_concept_id integer NOT NULL, measurement_date date NOT NULL,
        value_as_number numeric, unit_concept_id integer""",
}
# Rows the registry must not read: a condition that is no pregnancy outcome (essential
# hypertension) and a man's miscarriage-coded record (coding errors happen).
NOISE = {
    "condition_occurrence": [
        "100,1,320128,2020-02-01",
        "101,3,4067106,2020-02-01",
    ]
}


def load_cdm(url: str, schema: str, folder: Path = OMOP, ddl: dict[str, str] = DDL) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        for table, columns in ddl.items():
            name = sql.Identifier(schema, table)
            connection.execute(sql.SQL("CREATE TABLE {} (" + columns + ")").format(name))
            lines = (folder / f"{table}.csv").read_text().splitlines()
            header = lines[0].split(",")
            copy_sql = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv, HEADER true)").format(
                name, sql.SQL(", ").join(sql.Identifier(c) for c in header)
            )
            with connection.cursor().copy(copy_sql) as copy:
                copy.write("\n".join([*lines, *NOISE.get(table, [])]) + "\n")


def run(source: str, out: Path, *extra: str):
    return CliRunner().invoke(
        main,
        [
            "registry",
            source,
            "--input-format",
            "omop",
            "--profile",
            "all",
            "--out",
            str(out),
            "--as-of",
            "2025-01-01",
            "--quiet",
            *extra,
        ],
    )


def test_a_cdm_in_postgresql_gives_the_same_registry_as_its_files(postgres_url, tmp_path):
    load_cdm(postgres_url, "cdm")
    from_postgres = run(postgres_url, tmp_path / "pg", "--cdm-schema", "cdm")
    assert from_postgres.exit_code == 0, from_postgres.output
    from_files = run(str(OMOP), tmp_path / "files")
    assert from_files.exit_code == 0, from_files.output
    assert from_postgres.output.replace("/pg\n", "/files\n") == from_files.output
    for name in sorted(p.name for p in (tmp_path / "files").iterdir()):
        if name.endswith(".parquet"):
            mine, theirs = (
                sorted(pq.read_table(tmp_path / side / name).to_pylist(), key=repr)
                for side in ("pg", "files")
            )
            assert mine == theirs, name
    summary = json.loads((tmp_path / "pg" / "summary.json").read_text())
    assert summary["input"]["women"] == len(EXPECTED["women"])
    assert summary == json.loads((tmp_path / "files" / "summary.json").read_text())


def test_only_the_rows_and_columns_the_episode_step_reads_leave_the_database(
    postgres_url, tmp_path
):
    from rpl.batch.omop_postgres import export_cdm

    load_cdm(postgres_url, "cdm_5_4")
    lines: list[str] = []
    folder = export_cdm(postgres_url, "cdm_5_4", tmp_path / "cdm", progress=lines.append)
    person = (folder / "person.csv").read_text().splitlines()
    assert (
        person[0]
        == "person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,birth_datetime"
    )
    assert [row.split(",")[0] for row in person[1:]] == ["1", "2", "4"]  # person 3 is a man
    assert person[-1].endswith(",1988-03-03")  # a timestamp read as its date
    conditions = (folder / "condition_occurrence.csv").read_text()
    assert "320128" not in conditions  # not a pregnancy concept
    assert "condition_start_datetime" not in conditions and "type_concept" not in conditions
    assert not (folder / "observation.csv").exists()
    read = len(conditions.splitlines()) - 1
    # The subset's 13 rows less one that is no pregnancy concept, plus the man's record.
    assert read == 13
    assert f"cdm_5_4.condition_occurrence: {read} rows read" in lines


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("DROP SCHEMA cdm CASCADE", "cdm: no such schema in this database"),
        ("DROP TABLE cdm.person", "cdm.person: no such table (or no right to read it)"),
        (
            "ALTER TABLE cdm.person DROP COLUMN gender_concept_id",
            "cdm.person: missing required column(s): gender_concept_id",
        ),
        (
            "ALTER TABLE cdm.condition_occurrence ALTER COLUMN condition_concept_id TYPE text",
            "cdm.condition_occurrence.condition_concept_id: stored as text; expected a whole "
            "number (as the OMOP CDM defines it)",
        ),
        (
            "ALTER TABLE cdm.measurement ALTER COLUMN measurement_date TYPE text; "
            "UPDATE cdm.measurement SET measurement_date = '05/01/2020' WHERE measurement_id = 1",
            "cdm.measurement.measurement_date: 1 row(s) are not a date written YYYY-MM-DD",
        ),
        (
            "DROP TABLE cdm.condition_occurrence, cdm.procedure_occurrence, cdm.measurement",
            "cdm: none of the event tables (condition_occurrence, procedure_occurrence, "
            "observation, measurement) is there",
        ),
    ],
)
def test_a_bad_cdm_is_refused_naming_the_schema_table_and_column(
    postgres_url, tmp_path, change, message
):
    import psycopg

    load_cdm(postgres_url, "cdm")
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(change)
    result = run(postgres_url, tmp_path / "out", "--cdm-schema", "cdm")
    assert result.exit_code == 2, result.output
    assert f"error: {message}" in result.output
    assert "05/01/2020" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_postgresql_source_needs_its_schema_and_a_server_that_answers(tmp_path):
    result = run("postgresql://reader:s3cret@127.0.0.1:1/ohdsi", tmp_path / "out")
    assert result.exit_code == 2
    assert "--cdm-schema: name the schema that holds the CDM tables" in result.output
    result = run(
        "postgresql://reader:s3cret@127.0.0.1:1/ohdsi", tmp_path / "out", "--cdm-schema", "cdm"
    )
    assert result.exit_code == 2
    assert "PostgreSQL: cannot connect" in result.output
    assert "s3cret" not in result.output  # the password is never repeated
    result = CliRunner().invoke(
        main, ["registry", "postgresql://x@127.0.0.1:1/db", "--out", str(tmp_path / "out")]
    )
    assert "SOURCE: a PostgreSQL URL is read with --input-format omop" in result.output
    assert not (tmp_path / "out").exists()
