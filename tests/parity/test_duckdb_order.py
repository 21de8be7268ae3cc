"""The registry's answer does not depend on the order of the rows, on gaps in pregnancy
numbers, or on which of its two ways of counting runs a woman takes (DuckDB)."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from rpl.batch.engines import DuckDBEngine
from rpl.batch.registry import classify, classify_tables, load_input
from rpl.batch.sql import counts_table_sql, outcomes_sql
from tests.parity.helpers import AS_OF, PROFILES, engine_rows, mismatches, records, write_population


def classified(directory: Path) -> dict[str, list[dict]]:
    engine = DuckDBEngine(threads=2)
    try:
        return classify_tables(engine, directory, PROFILES, AS_OF)
    finally:
        engine.close()


def test_shuffled_rows_and_gaps_in_pregnancy_numbers_get_the_engines_classification(
    synthetic_populations, tmp_path
):
    source = synthetic_populations["seed-1"]
    for name in ("women", "results"):
        pq.write_table(pq.read_table(source / f"{name}.parquet"), tmp_path / f"{name}.parquet")
    rows = pq.read_table(source / "pregnancies.parquet").to_pylist()
    random.Random(8).shuffle(rows)  # noqa: S311 - a fixed test order, not a secret
    for row in rows:
        row["pregnancy_number"] = row["pregnancy_number"] * 3 + 4  # same order, with gaps
    table = pq.read_table(source / "pregnancies.parquet").schema.empty_table()
    pq.write_table(table.from_pylist(rows, schema=table.schema), tmp_path / "pregnancies.parquet")
    answers = classified(tmp_path)
    documents = records(tmp_path)
    for profile in PROFILES:
        assert mismatches(answers[profile.id], engine_rows(documents, profile)) == [], profile.id


M, B = "miscarriage", "live_birth"  # a loss; a pregnancy that breaks a run
OTHER = "induced_abortion"  # neither: a run goes on across it
DAYS = {M: 60, B: 273, OTHER: 60}

# Each shape, and whether the registry follows it in order (`interleaved`) or counts its runs
# from her first and last loss and break alone.
HISTORIES = {
    "no loss": ([B, OTHER], False),
    "one loss": ([M], False),
    "losses, no break": ([M, OTHER, M, M], False),
    "breaks before the losses": ([B, B, M, M], False),
    "breaks after the losses": ([M, M, B, OTHER, B], False),
    "one loss after a break": ([B, M], False),
    "one loss before a break": ([M, B], False),
    "a break between the losses": ([M, M, B, M], True),
    "breaks around and between": ([B, M, B, M, M, B, M], True),
    "breaks around but not between": ([B, M, M, B], True),  # the test is conservative
    "losses, then a birth (primary)": ([M, M, B], False),
    "a birth, then losses (secondary)": ([B, M, OTHER, M], False),
}

L2 = "late"  # a second-trimester loss: no run loss under RCOG (first trimester only)
DAYS[L2] = 112
OUTCOME = {M: M, B: B, OTHER: OTHER, L2: M}

# Under RCOG her earliest birth may lie between a second-trimester loss and the others
# without breaking a run of first-trimester losses: such women are followed in order too.
RCOG_HISTORIES = {
    "second-trimester loss, birth, first-trimester losses": ([L2, B, M, M, M], True),
    "first-trimester losses, birth, second-trimester loss": ([M, M, B, L2], True),
    "birth before every loss": ([B, L2, M, M], False),
    "birth after every loss": ([L2, M, M, B], False),
}


@pytest.mark.parametrize("name", sorted(HISTORIES))
def test_each_shape_of_history_gets_the_engines_runs(name, tmp_path):
    outcomes, interleaved = HISTORIES[name]
    history = [{"outcome": OUTCOME[o], "gestational_age_days": DAYS[o]} for o in outcomes]
    write_population(tmp_path, [history])
    answers = classified(tmp_path)
    for profile in PROFILES:
        expected = engine_rows(records(tmp_path), profile)
        assert mismatches(answers[profile.id], expected) == [], profile.id
    engine = DuckDBEngine(threads=1)
    try:
        load_input(engine, tmp_path, AS_OF)
        definition = next(p for p in PROFILES if p.id == "eshre-2022").definition
        flags = engine.rows(f"SELECT interleaved FROM ({counts_table_sql(definition)}) AS c")
        assert flags == [(interleaved,)]
    finally:
        engine.close()


@pytest.mark.parametrize("name", sorted(RCOG_HISTORIES))
def test_a_birth_between_a_second_trimester_loss_and_the_others_is_followed_in_order(
    name, tmp_path
):
    outcomes, in_order = RCOG_HISTORIES[name]
    history = [{"outcome": OUTCOME[o], "gestational_age_days": DAYS[o]} for o in outcomes]
    write_population(tmp_path, [history])
    answers = classified(tmp_path)
    for profile in PROFILES:
        expected = engine_rows(records(tmp_path), profile)
        assert mismatches(answers[profile.id], expected) == [], profile.id
    engine = DuckDBEngine(threads=1)
    try:
        load_input(engine, tmp_path, AS_OF)
        definition = next(p for p in PROFILES if p.id == "rcog-2023").definition
        flags = engine.rows(f"SELECT interleaved FROM ({counts_table_sql(definition)}) AS c")
        assert flags == [(in_order,)]
    finally:
        engine.close()


def test_outcomes_among_the_women_who_meet_the_definition_are_all_the_outcomes(
    synthetic_populations, tmp_path
):
    engine = DuckDBEngine(threads=2)
    try:
        load_input(engine, synthetic_populations["seed-2"], AS_OF)
        for profile in PROFILES:
            table = classify(engine, profile.definition, tmp_path / f"{profile.id}.parquet")
            everyone = engine.rows(f"SELECT * FROM ({outcomes_sql(profile.definition)}) AS o")
            among = engine.rows(
                f"SELECT * FROM ({outcomes_sql(profile.definition, among=table)}) AS o"
            )
            assert sorted(among) == sorted(everyone), profile.id
            assert among, profile.id
    finally:
        engine.close()
