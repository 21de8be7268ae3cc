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
def spark_session_or_reason(tmp_path_factory: pytest.TempPathFactory):
    """One Spark session for the whole test process, driving a real standalone cluster (a
    master and two workers, `tests/parity/cluster.py`), or why there is none.

    The Spark tests share one xdist group, so one test process starts the cluster once."""
    import shutil

    if shutil.which("java") is None:
        yield None, "Java is not installed (scripts/system-deps.sh test installs a headless JRE)"
        return
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        yield None, f"PySpark is not installed ({exc})"
        return
    from rpl.batch.engines import spark_session
    from tests.parity.cluster import FAST_JVM, standalone_cluster, wait_for_executors

    with standalone_cluster(tmp_path_factory.mktemp("spark-cluster")) as cluster:
        try:
            session = spark_session(
                cluster.master_url,
                **{
                    "spark.driver.host": "127.0.0.1",
                    "spark.driver.bindAddress": "127.0.0.1",
                    "spark.driver.extraJavaOptions": FAST_JVM,
                    "spark.executor.extraJavaOptions": FAST_JVM,
                    "spark.executor.memory": "512m",
                    "spark.executor.cores": "1",
                    # The executors never start Python: the registry is SQL only. A Python they
                    # cannot run proves it (docs/registry.md says workers need none).
                    "spark.pyspark.python": "/nonexistent/python",
                    "spark.sql.shuffle.partitions": "2",
                    # Tiny tasks: waiting for the executor that caches a block costs more
                    # than reading it from the other one.
                    "spark.locality.wait": "0",
                },
            )
            wait_for_executors(session, 2)
        except Exception as exc:  # the JVM would not start, or the workers never registered
            yield (
                None,
                f"Spark cluster is not available ({exc.__class__.__name__}: {exc})\n{cluster.log_tail()}",
            )
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
