"""The registry on DuckDB gives every woman exactly the engine's classification, per profile."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings

from rpl.batch.caregaps import care_gap_spec
from rpl.batch.engines import DuckDBEngine
from rpl.batch.registry import classify_tables, load_input, run_registry
from rpl.batch.sql import outcomes_sql
from rpl.core.classification import classify
from rpl.core.parsing import parse_record
from rpl.core.profiles import load_profiles
from rpl.core.rules.catalogue import default_registry
from rpl.core.sections import Investigation
from tests.parity.helpers import (
    AS_OF,
    PROFILES,
    engine_rows,
    mismatches,
    records,
    vignette_histories,
    write_population,
)
from tests.parity.strategies import population


def registry_classification(directory: Path) -> dict[str, list[dict]]:
    engine = DuckDBEngine(threads=1)
    try:
        return classify_tables(engine, directory, PROFILES, AS_OF)
    finally:
        engine.close()


@pytest.mark.parametrize("name", ["seed-1", "seed-2"])
def test_every_woman_of_a_synthetic_population_gets_the_engines_classification_under_every_profile(
    synthetic_populations, name
):
    directory = synthetic_populations[name]
    documents = records(directory)
    classified = registry_classification(directory)
    for profile in PROFILES:
        expected = engine_rows(documents, profile)
        assert mismatches(classified[profile.id], expected) == [], profile.id
    # The populations exercise what the profiles disagree on: not every answer is the same.
    meets = {p.id: sum(r["meets_definition"] is True for r in classified[p.id]) for p in PROFILES}
    assert len(set(meets.values())) > 1
    assert any(r["meets_definition"] is None for rows in classified.values() for r in rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories=population)
def test_generated_histories_get_the_engines_classification_under_every_profile(histories):
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        write_population(directory, histories)
        documents = records(directory)
        classified = registry_classification(directory)
        for profile in PROFILES:
            assert mismatches(classified[profile.id], engine_rows(documents, profile)) == [], (
                profile.id
            )


def test_every_classification_vignette_gets_the_engines_answer_from_the_registry(tmp_path):
    write_population(tmp_path, vignette_histories())
    documents = records(tmp_path)
    classified = registry_classification(tmp_path)
    for profile in PROFILES:
        assert mismatches(classified[profile.id], engine_rows(documents, profile)) == [], profile.id
    # The vignettes reach every answer the type can take.
    types = {r["rpl_type"] for rows in classified.values() for r in rows}
    assert types == {"primary", "secondary", None}


def test_care_gaps_are_exactly_the_engines_recommended_investigations_without_a_result(
    synthetic_populations, tmp_path
):
    directory = synthetic_populations["seed-1"]
    engine = DuckDBEngine(threads=1)
    try:
        run_registry(engine, directory, tmp_path / "out", PROFILES, AS_OF, "duckdb")
    finally:
        engine.close()
    documents = records(directory)
    registry = default_registry()
    for profile in PROFILES:
        checked_items = {item.investigation for item in care_gap_spec(profile).items}
        gaps = {
            (row["woman_id"], row["investigation"])
            for row in pq.read_table(
                tmp_path / "out" / f"care-gaps-{profile.id}.parquet"
            ).to_pylist()
        }
        expected = set()
        for woman_id, document in documents.items():
            checked = parse_record(document, AS_OF)
            classification = classify(checked, profile)
            emitted, _ = registry.run(checked, profile, classification)
            for item in emitted:
                investigation = item.item
                if (
                    isinstance(investigation, Investigation)
                    and investigation.code in checked_items
                    and investigation.recommendation == "recommended"
                    and investigation.status == "to_do"
                ):
                    expected.add((woman_id, investigation.code))
        assert gaps == expected, profile.id
        assert gaps, profile.id


def test_a_clinic_profile_from_its_own_file_gets_the_same_answers_as_the_engine(
    synthetic_populations, tmp_path
):
    (tmp_path / "clinic.yaml").write_text(
        """id: clinic-16w-consecutive
title: A clinic's own profile (test)
extends: rcog-2023
definition:
  loss_upper_limit_weeks: 16
  consecutive_required: true
  count_biochemical: true
  first_trimester_upper_weeks: 13
citations:
  loss_upper_limit_weeks: {source: RCOG-GTG17-2023, ref: "test", evidence: unverified}
  consecutive_required: {source: RCOG-GTG17-2023, ref: "test", evidence: unverified}
  count_biochemical: {source: RCOG-GTG17-2023, ref: "test", evidence: unverified}
  first_trimester_upper_weeks: {source: RCOG-GTG17-2023, ref: "test", evidence: unverified}
"""
    )
    clinic = load_profiles([tmp_path])["clinic-16w-consecutive"]
    directory = synthetic_populations["seed-2"]
    engine = DuckDBEngine(threads=1)
    try:
        classified = classify_tables(engine, directory, [clinic], AS_OF)
    finally:
        engine.close()
    assert mismatches(classified[clinic.id], engine_rows(records(directory), clinic)) == []


def test_outcomes_after_rpl_use_the_engines_answer_on_each_prefix_of_a_history(
    synthetic_populations,
):
    directory = synthetic_populations["seed-2"]
    documents = records(directory)
    engine = DuckDBEngine(threads=1)
    try:
        load_input(engine, directory, AS_OF)
        for profile in PROFILES:
            rows = engine.arrow(outcomes_sql(profile.definition)).to_pylist()
            found = {
                (r["woman_id"], r["pregnancy_number"], r["losses"], r["next_outcome"]) for r in rows
            }
            expected = set()
            for woman_id, document in documents.items():
                history = document["pregnancies"]
                for k in range(1, len(history) + 1):
                    prefix = {**document, "pregnancies": history[:k]}
                    classification = classify(parse_record(prefix, AS_OF), profile)
                    if classification.meets_definition is True:
                        following = history[k]["outcome"] if k < len(history) else None
                        expected.add((woman_id, k, classification.losses_counted, following))
            assert found == expected, profile.id
            assert any(next_outcome for *_, next_outcome in found), profile.id
    finally:
        engine.close()
