"""docs/registry.md stays true: every table and column of the schema is documented."""

from pathlib import Path

from rpl.batch.schema import TABLES
from rpl.batch.sql import CLASSIFICATION_COLUMNS

GUIDE = (Path(__file__).resolve().parents[2] / "docs" / "registry.md").read_text()


def test_every_table_and_column_of_the_registry_schema_is_documented():
    for table in TABLES:
        assert f"### `{table.name}`" in GUIDE, table.name
        for column in table.columns:
            assert f"| `{column.name}` |" in GUIDE, f"{table.name}.{column.name}"


def test_every_output_column_of_the_classification_is_documented():
    for column in CLASSIFICATION_COLUMNS:
        assert f"`{column}`" in GUIDE, column


def test_every_vocabulary_code_a_column_accepts_is_named_in_the_guide():
    for table in TABLES:
        for column in table.columns:
            if column.name in ("outcome", "confirmed_by", "tissue_genetics", "subject"):
                for code in column.codes:
                    assert f"`{code}`" in GUIDE, (column.name, code)
