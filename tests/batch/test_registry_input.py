"""Bad registry input gets one clear line per problem (never a value), and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.batch.helpers import GOLDEN, registry


@pytest.fixture
def population(tmp_path) -> Path:
    folder = tmp_path / "input"
    shutil.copytree(GOLDEN, folder)
    (folder / "expected.yaml").unlink()
    return folder


def edit(folder: Path, table: str, old: str, new: str) -> None:
    path = folder / f"{table}.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def assert_nothing_written(out: Path) -> None:
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}.partial-*"))


def test_a_missing_table_is_named_with_the_files_that_would_do(population, tmp_path):
    (population / "pregnancies.csv").unlink()
    result = registry(population, tmp_path / "out")
    assert result.exit_code == 2
    assert "pregnancies: missing; expected pregnancies.parquet, pregnancies.csv" in result.output
    assert_nothing_written(tmp_path / "out")


def test_a_missing_required_column_is_named(population, tmp_path):
    edit(population, "pregnancies", ",outcome,", ",result,")
    result = registry(population, tmp_path / "out")
    assert result.exit_code == 2
    assert "pregnancies.csv: missing required column(s): outcome" in result.output
    assert_nothing_written(tmp_path / "out")


def test_a_wrong_type_is_reported_by_column_and_row_count_without_the_value(population, tmp_path):
    edit(
        population,
        "pregnancies",
        "W1,1,miscarriage,2022-03-01,56,",
        "W1,1,miscarriage,2022-03-01,8+0,",
    )
    edit(population, "pregnancies", "2023-02-01", "01/02/2023")
    edit(
        population,
        "pregnancies",
        "W6,1,miscarriage,2019-08-08,147,ultrasound,true",
        "W6,1,miscarriage,2019-08-08,147,ultrasound,maybe",
    )
    result = registry(population, tmp_path / "out")
    assert result.exit_code == 2
    assert "pregnancies.gestational_age_days: 1 row(s) are not a whole number" in result.output
    assert "pregnancies.end_date: 1 row(s) are not a date written YYYY-MM-DD" in result.output
    assert "pregnancies.same_partner: 1 row(s) are not true or false" in result.output
    for value in ("8+0", "01/02/2023", "maybe"):
        assert value not in result.output
    assert_nothing_written(tmp_path / "out")


def test_an_unknown_code_lists_the_vocabulary_without_echoing_the_code(population, tmp_path):
    edit(population, "pregnancies", "W4,1,miscarriage", "W4,1,misscarriage")
    result = registry(population, tmp_path / "out")
    assert result.exit_code == 2
    assert (
        "pregnancies.outcome: 1 row(s) are not a code from the vocabulary: live_birth"
        in result.output
    )
    assert "misscarriage" not in result.output


def test_an_impossible_gestational_age_is_out_of_range(population, tmp_path):
    edit(
        population,
        "pregnancies",
        "W4,1,miscarriage,2024-05-05,112,",
        "W4,1,miscarriage,2024-05-05,400,",
    )
    result = registry(population, tmp_path / "out")
    assert result.exit_code == 2
    assert (
        "pregnancies.gestational_age_days: 1 row(s) outside the allowed range (from 0 to 315)"
        in result.output
    )


def test_duplicate_pregnancy_numbers_and_unknown_women_are_refused(population, tmp_path):
    edit(population, "pregnancies", "W1,2,", "W1,1,")
    edit(population, "results", "W3,", "W42,")
    result = registry(population, tmp_path / "out")
    assert result.exit_code == 2
    assert (
        "pregnancies: 1 value(s) of woman_id + pregnancy_number appear on more than one row"
        in result.output
    )
    assert "results: 1 row(s) name a woman_id that is not in women" in result.output


def test_a_parquet_column_of_the_wrong_type_is_reported(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    pq.write_table(pa.table({"woman_id": [1, 2]}), folder / "women.parquet")
    pq.write_table(
        pa.table(
            {"woman_id": [1, 2], "pregnancy_number": ["first", "1"], "outcome": ["miscarriage"] * 2}
        ),
        folder / "pregnancies.parquet",
    )
    result = registry(folder, tmp_path / "out")
    assert result.exit_code == 2
    assert "pregnancies.pregnancy_number: 1 row(s) are not a whole number" in result.output
    assert "first" not in result.output


def test_a_file_that_is_not_parquet_is_reported_without_a_traceback(population, tmp_path):
    (population / "partners.parquet").write_text("not parquet")
    result = registry(population, tmp_path / "out")
    assert result.exit_code == 2
    assert "partners.parquet: cannot be read as Parquet" in result.output
    assert "Traceback" not in result.output


def test_an_existing_output_folder_is_kept_unless_overwrite_is_given(population, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("earlier run")
    result = registry(population, out)
    assert result.exit_code == 2
    assert "use --overwrite" in result.output
    assert (out / "keep.txt").exists()
    result = registry(population, out, "--overwrite")
    assert result.exit_code == 0, result.output
    assert not (out / "keep.txt").exists()
    assert (out / "classification-eshre-2022.parquet").exists()


def test_an_unknown_profile_or_input_folder_is_bad_input(population, tmp_path):
    result = registry(population, tmp_path / "out", "--profile", "nice-2099")
    assert result.exit_code == 2
    assert "unknown profile 'nice-2099'" in result.output
    result = registry(tmp_path / "nowhere", tmp_path / "out")
    assert result.exit_code == 2
    assert "not a folder" in result.output


def test_pregnancies_of_a_woman_who_is_not_in_women_are_refused(population, tmp_path):
    edit(population, "pregnancies", "W2,1,", "W99,1,")
    result = registry(population, tmp_path / "out")
    assert result.exit_code == 2
    assert "pregnancies: 1 row(s) name a woman_id that is not in women" in result.output
    assert "W99" not in result.output
    assert_nothing_written(tmp_path / "out")


def test_an_unknown_woman_is_listed_with_the_other_problems(population, tmp_path):
    edit(population, "pregnancies", "W2,1,", "W99,1,")
    edit(population, "pregnancies", "W4,1,miscarriage", "W4,1,misscarriage")
    result = registry(population, tmp_path / "out")
    assert result.exit_code == 2
    assert "pregnancies: 1 row(s) name a woman_id that is not in women" in result.output
    assert "pregnancies.outcome: 1 row(s) are not a code from the vocabulary" in result.output


def parquet_population(folder: Path, pregnancies: list[tuple[int, int]]) -> Path:
    """Women 1-3 and one miscarriage per (woman_id, pregnancy_number), rows in the given order."""
    folder.mkdir()
    pq.write_table(pa.table({"woman_id": [1, 2, 3]}), folder / "women.parquet")
    women, numbers = zip(*pregnancies, strict=True)
    pq.write_table(
        pa.table(
            {
                "woman_id": list(women),
                "pregnancy_number": pa.array(numbers, type=pa.int32()),
                "outcome": ["miscarriage"] * len(pregnancies),
            }
        ),
        folder / "pregnancies.parquet",
    )
    return folder


@pytest.mark.parametrize(
    "rows",
    [
        [(1, 1), (1, 2), (2, 1), (2, 1), (3, 1)],  # in key order, one key twice
        [(2, 1), (1, 2), (3, 1), (1, 2), (1, 1)],  # in no order, one key twice
    ],
)
def test_a_repeated_pregnancy_number_is_found_whatever_the_order_of_the_rows(rows, tmp_path):
    folder = parquet_population(tmp_path / "input", rows)
    result = registry(folder, tmp_path / "out")
    assert result.exit_code == 2
    assert (
        "pregnancies: 1 value(s) of woman_id + pregnancy_number appear on more than one row"
        in result.output
    )
    assert_nothing_written(tmp_path / "out")


def test_rows_in_no_particular_order_are_accepted(tmp_path):
    folder = parquet_population(tmp_path / "input", [(2, 1), (1, 3), (3, 1), (1, 1), (2, 2)])
    result = registry(folder, tmp_path / "out")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("table", "keys", "message"),
    [
        ("women", [1, 2, 2, 3], "women: 1 value(s) of woman_id appear on more than one row"),
        (
            "partners",
            [7, 8, 8, 9],
            "partners: 1 value(s) of partner_id appear on more than one row",
        ),
    ],
)
def test_a_repeated_id_in_key_order_is_found_with_the_other_problems(
    table, keys, message, tmp_path
):
    # Rows in key order are tested for repeats in the checks' own pass; a repeat fails that
    # test and the grouping then counts it, alongside the other problems.
    folder = parquet_population(tmp_path / "input", [(1, 1), (2, 1), (3, 1)])
    if table == "women":
        pq.write_table(pa.table({"woman_id": keys}), folder / "women.parquet")
    else:
        pq.write_table(pa.table({"partner_id": keys}), folder / "partners.parquet")
    pq.write_table(pa.table({"woman_id": [1], "test": ["not_a_test"]}), folder / "results.parquet")
    result = registry(folder, tmp_path / "out")
    assert result.exit_code == 2
    assert message in result.output
    assert "results.test: 1 row(s) are not a code from the vocabulary" in result.output
    assert_nothing_written(tmp_path / "out")
