"""Synthetic populations shared by the parity tests (generated once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rpl.batch.synth import synthesize

POPULATIONS = {"seed-1": (1, 1500), "seed-2": (2, 1500)}


@pytest.fixture(scope="session")
def synthetic_populations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for name, (seed, women) in POPULATIONS.items():
        folder = tmp_path_factory.mktemp("populations") / name
        synthesize(women, seed, folder)
        folders[name] = folder
    return folders


@pytest.fixture(scope="session")
def spark_session_or_reason():
    """One local Spark session for the whole test process, or why there is none."""
    import shutil

    if shutil.which("java") is None:
        yield None, "Java is not installed (scripts/system-deps.sh test installs a headless JRE)"
        return
    try:
        from rpl.batch.engines import spark_session

        # Small test jobs: a JVM that compiles less starts and finishes them sooner.
        session = spark_session(
            "local[2]",
            **{
                "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "spark.sql.shuffle.partitions": "1",
            },
        )
    except Exception as exc:  # no pyspark, or the JVM would not start
        yield None, f"Spark is not available ({exc.__class__.__name__}: {exc})"
        return
    yield session, None
    session.stop()


@pytest.fixture
def spark(spark_session_or_reason, unavailable):
    """The Spark session; skips locally and fails in CI (CI=true) when Spark cannot run."""
    session, reason = spark_session_or_reason
    if session is None:
        unavailable(reason)
    return session
