"""What the registry's engines promise beyond running SQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from rpl.batch.engines import DuckDBEngine, spark_path
from rpl.batch.schema import InputError


@pytest.fixture
def engine():
    engine = DuckDBEngine(threads=2)
    yield engine
    engine.close()


def view(engine: DuckDBEngine, rows: list[tuple[int | None, int | None]]) -> str:
    values = ", ".join(
        "(" + ", ".join("NULL" if v is None else str(v) for v in row) + ")" for row in rows
    )
    engine.view("keys", f"SELECT * FROM (VALUES {values}) AS v(c0, c1)")
    return "keys"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(1, 1), (1, 2), (2, 1), (3, 5)], True),
        ([(1, 1), (1, 2), (1, 2), (3, 5)], False),  # a repeated key
        ([(1, 2), (1, 1), (2, 1)], False),  # unique, but not in order: cannot tell cheaply
        ([(1, 1), (1, None), (2, 1)], False),  # a missing key part
    ],
)
def test_duckdb_says_keys_are_in_strict_order_only_when_no_key_can_repeat(engine, rows, expected):
    assert engine.in_strict_order(view(engine, rows), ("c0", "c1")) is expected


def test_a_repeat_far_apart_in_a_large_file_is_not_missed(engine, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys = list(range(200_000))
    keys[150_000] = 10  # the same key as row 10, in another row group
    pq.write_table(pa.table({"k": keys}), tmp_path / "keys.parquet", row_group_size=20_000)
    engine.view("big", f"SELECT * FROM read_parquet('{tmp_path / 'keys.parquet'}')")
    assert engine.in_strict_order("big", ("k",)) is False
    engine.view("big", "SELECT * FROM range(200000) AS r(k)")
    assert engine.in_strict_order("big", ("k",)) is True


def test_spark_is_given_each_path_under_the_name_the_path_map_gives_its_storage(monkeypatch):
    monkeypatch.setenv("RPL_SPARK_PATH_MAP", "/dbfs/=dbfs:/; /dbfs/mnt/raw=s3a://raw-bucket/")
    assert spark_path(Path("/dbfs/rpl/input/women.parquet")) == "dbfs:/rpl/input/women.parquet"
    # The longest prefix wins, and a prefix matches whole folder names only.
    assert spark_path(Path("/dbfs/mnt/raw/p.parquet")) == "s3a://raw-bucket/p.parquet"
    assert spark_path(Path("/dbfs-other/p.parquet")) == "/dbfs-other/p.parquet"
    assert spark_path(Path("/Volumes/main/rpl/in")) == "/Volumes/main/rpl/in"
    monkeypatch.delenv("RPL_SPARK_PATH_MAP")
    assert spark_path(Path("/data/x.parquet")) == "/data/x.parquet"


def test_a_path_map_without_its_equals_sign_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("RPL_SPARK_PATH_MAP", "/dbfs/")
    with pytest.raises(InputError, match="RPL_SPARK_PATH_MAP: each entry is LOCAL=SPARK"):
        spark_path(Path("/dbfs/x"))


def test_duckdb_keeps_to_its_memory_limit_and_spills_to_the_folder_it_is_given(tmp_path):
    engine = DuckDBEngine(threads=1, memory_limit="64MB", temp_directory=tmp_path / "spill")
    try:
        limit, folder = engine.rows(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
        )[0]
        assert limit.replace(" ", "") in {"64.0MB", "61.0MiB", "64MB"}
        assert folder == str(tmp_path / "spill")
        # A sort of about ten times the limit finishes by spilling to that folder.
        total = engine.rows(
            "SELECT SUM(x) FROM (SELECT x, md5(CAST(x AS VARCHAR)) AS h FROM range(6000000) "
            "AS r(x) ORDER BY h) AS s"
        )[0][0]
        assert total == sum(range(6_000_000))
    finally:
        engine.close()


def test_an_unusable_memory_limit_is_refused_by_name():
    with pytest.raises(InputError, match="--memory-limit / --temp-dir: not usable"):
        DuckDBEngine(memory_limit="lots")
