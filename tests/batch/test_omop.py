"""OMOP CDM input: pregnancy episodes by the Matcho 2018 rules, then the registry as usual."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from rpl.batch.engines import DuckDBEngine
from rpl.batch.omop import episode_settings, omop_to_tables
from rpl.cli.main import main
from rpl.core.sources import load_sources

OMOP = Path(__file__).parent / "omop"
EXPECTED = yaml.safe_load((OMOP / "expected.yaml").read_text())


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Path:
    engine = DuckDBEngine(threads=1)
    try:
        return omop_to_tables(engine, OMOP, tmp_path_factory.mktemp("omop") / "tables")
    finally:
        engine.close()


def test_women_are_the_female_persons_with_a_birth_date_only_when_recorded_in_full(tables):
    women = {r["woman_id"]: r for r in pq.read_table(tables / "women.parquet").to_pylist()}
    assert set(women) == set(EXPECTED["women"])
    for woman, wanted in EXPECTED["women"].items():
        birth = women[woman]["birth_date"]
        assert (birth.isoformat() if birth else None) == wanted["birth_date"]


def test_episodes_follow_the_hierarchy_spacing_and_term_limits(tables):
    rows = pq.read_table(tables / "pregnancies.parquet").to_pylist()
    found: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: (r["woman_id"], r["pregnancy_number"])):
        found.setdefault(row["woman_id"], []).append(
            {
                "outcome": row["outcome"],
                "end_date": row["end_date"].isoformat(),
                "gestational_age_days": row["gestational_age_days"],
            }
        )
    assert found == EXPECTED["pregnancies"]
    assert all(r["confirmed_by"] is None and r["same_partner"] is None for r in rows)


def test_rpl_registry_reads_omop_and_leaves_what_omop_cannot_say_undecided(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "registry",
            str(OMOP),
            "--input-format",
            "omop",
            "--profile",
            "all",
            "--out",
            str(out),
            "--as-of",
            "2025-01-01",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    eshre = {
        r["woman_id"]: r
        for r in pq.read_table(out / "classification-eshre-2022.parquet").to_pylist()
    }
    asrm = {
        r["woman_id"]: r
        for r in pq.read_table(out / "classification-asrm-2012.parquet").to_pylist()
    }
    # Person 2: a biochemical loss and two miscarriages count under ESHRE; ASRM needs to know
    # whether the miscarriages were seen on ultrasound, which OMOP does not record.
    assert eshre["2"]["meets_definition"] is True and eshre["2"]["losses_counted"] == 3
    assert asrm["2"]["meets_definition"] is None and asrm["2"]["needs_confirmed_by"] == 2
    assert eshre["1"]["meets_definition"] is False
    summary = json.loads((out / "summary.json").read_text())
    assert summary["input"]["women"] == 3 and summary["input"]["results"] == 0
    # Without results the care-gap list says what it is worth.
    assert all("no test results" in p["care_gaps"]["note"] for p in summary["profiles"])
    assert "no test results" in (out / "report.html").read_text()


def test_bad_omop_input_names_the_table_and_column(tmp_path):
    folder = tmp_path / "omop"
    shutil.copytree(OMOP, folder)
    path = folder / "condition_occurrence.csv"
    path.write_text(path.read_text().replace("2020-01-20", "20/01/2020"))
    (folder / "person.csv").write_text(
        (folder / "person.csv").read_text().replace("gender_concept_id", "gender")
    )
    result = CliRunner().invoke(
        main, ["registry", str(folder), "--input-format", "omop", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "person.csv: missing required column(s): gender_concept_id" in result.output
    assert not (tmp_path / "out").exists()
    (folder / "person.csv").write_text((OMOP / "person.csv").read_text())
    result = CliRunner().invoke(
        main, ["registry", str(folder), "--input-format", "omop", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "condition_occurrence.condition_start_date: 1 row(s) are not a date" in result.output
    assert "20/01/2020" not in result.output


def test_the_episode_figures_cite_a_known_source_and_cover_every_pair_of_categories():
    settings = episode_settings()
    assert settings["source"] in load_sources()
    hierarchy = settings["hierarchy"]["value"]
    spacing = settings["minimum_days_between_outcomes"]["value"]
    assert set(spacing) == set(hierarchy) == set(settings["term_limits"]["value"])
    assert all(set(row) == set(hierarchy) for row in spacing.values())
    for key in ("hierarchy", "minimum_days_between_outcomes", "term_limits", "concepts"):
        assert settings[key]["evidence"] in {"verified", "secondary", "unverified"}
