"""The same SQL on a real Spark standalone cluster gives every woman the engine's classification.

The cluster (a master and two workers on this machine, `tests/parity/cluster.py`) is started
once per test run; tests/conftest.py sends every test here to one test process, the one that
drives it. Spark runs each query as jobs on executors in other processes, so these tests use
small populations; the DuckDB parity tests cover more ground with the same SQL.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rpl.batch.engines import SparkEngine
from rpl.batch.registry import classify_tables
from rpl.batch.synth import synthesize
from rpl.cli.main import main
from tests.batch.helpers import GOLDEN, registry
from tests.parity.helpers import (
    AS_OF,
    PROFILES,
    engine_rows,
    mismatches,
    records,
    vignette_histories,
    write_population,
)
from tests.parity.strategies import history


def assert_parity(spark, directory: Path) -> None:
    engine = SparkEngine(session=spark)
    try:
        classified = classify_tables(engine, directory, PROFILES, AS_OF)
    finally:
        engine.close()
    documents = records(directory)
    for profile in PROFILES:
        assert mismatches(classified[profile.id], engine_rows(documents, profile)) == [], profile.id


def test_spark_gives_every_woman_of_a_synthetic_population_the_engines_classification(
    spark, tmp_path
):
    synthesize(400, 3, tmp_path / "population")
    assert_parity(spark, tmp_path / "population")


def test_spark_gives_generated_histories_and_every_classification_vignette_the_engines_answer(
    spark,
):
    """Each generated population also holds the history of every classification vignette
    (tests/vignettes): one Spark run checks both, which keeps the cluster's test time small."""
    vignettes = vignette_histories()

    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
    @given(histories=st.lists(history, min_size=60, max_size=60))
    def check(histories):
        with tempfile.TemporaryDirectory() as scratch:
            write_population(Path(scratch), [*vignettes, *histories])
            assert_parity(spark, Path(scratch))

    check()


def test_rpl_registry_on_a_spark_cluster_writes_the_same_outputs_as_on_duckdb(
    spark, tmp_path, monkeypatch
):
    """The golden population, every profile, through the command line: the cluster named by
    RPL_SPARK_MASTER, and Spark told where the files are through RPL_SPARK_PATH_MAP (here the
    same folder as a file: URI, as a cluster would name shared storage)."""
    monkeypatch.setenv("RPL_SPARK_MASTER", spark.sparkContext.master)
    monkeypatch.setenv("RPL_SPARK_PATH_MAP", f"{tmp_path}={tmp_path.as_uri()}")
    shutil.copytree(GOLDEN, tmp_path / "golden")
    outputs = {}
    for engine in ("duckdb", "spark"):
        out = tmp_path / engine
        result = registry(
            tmp_path / "golden", out, "--engine", engine, "--profile", "all", "--format", "csv"
        )
        assert result.exit_code == 0, result.output
        outputs[engine] = out
    assert spark.sparkContext.master.startswith("spark://")
    for profile in PROFILES:
        for name in (f"classification-{profile.id}.csv", f"care-gaps-{profile.id}.csv"):
            duck = (outputs["duckdb"] / name).read_text().splitlines()
            spark_lines = (outputs["spark"] / name).read_text().splitlines()
            assert duck[0] == spark_lines[0], name
            assert sorted(duck[1:]) == sorted(spark_lines[1:]), name
    duck_summary = (outputs["duckdb"] / "summary.json").read_text().replace('"duckdb"', '"spark"')
    assert duck_summary == (outputs["spark"] / "summary.json").read_text()


def test_bad_input_gets_the_same_messages_on_spark_as_on_duckdb(spark, tmp_path):
    folder = tmp_path / "input"
    shutil.copytree(GOLDEN, folder)
    path = folder / "pregnancies.csv"
    text = path.read_text().replace(
        "W1,1,miscarriage,2022-03-01,56,", "W1,1,misscarriage,2022-03-01,8+0,"
    )
    path.write_text(
        text.replace(
            "W6,1,miscarriage,2019-08-08,147,ultrasound,true",
            "W6,1,miscarriage,2019-08-08,147,ultrasound,maybe",
        )
    )
    messages = {}
    for engine in ("duckdb", "spark"):
        result = CliRunner().invoke(
            main,
            [
                "registry",
                str(folder),
                "--engine",
                engine,
                "--out",
                str(tmp_path / engine),
                "--quiet",
            ],
        )
        assert result.exit_code == 2
        messages[engine] = sorted(result.output.splitlines())
        assert not (tmp_path / engine).exists()
    assert messages["duckdb"] == messages["spark"]
    assert any("pregnancies.outcome: 1 row(s)" in m for m in messages["spark"])
    assert any("pregnancies.gestational_age_days: 1 row(s)" in m for m in messages["spark"])
    assert any("pregnancies.same_partner: 1 row(s)" in m for m in messages["spark"])
    assert not any("misscarriage" in m or "maybe" in m for m in messages["spark"])
