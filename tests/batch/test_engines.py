"""What the registry's engines promise beyond running SQL."""

from __future__ import annotations

import pytest

from rpl.batch.engines import DuckDBEngine


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
