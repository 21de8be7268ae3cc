"""`rpl registry` on a small hand-written population (CSV): answers worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.batch.helpers import GOLDEN, registry

EXPECTED = yaml.safe_load((GOLDEN / "expected.yaml").read_text())
PROFILE_IDS = ["eshre-2022", "asrm-2012", "rcog-2023", "vn-moh-22w", "cn-consensus-2022"]


@pytest.fixture(scope="module")
def golden_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "out"
    result = registry(GOLDEN, out, "--profile", "all", "--format", "csv")
    assert result.exit_code == 0, result.output
    return out


def rows(path: Path) -> list[dict]:
    relation = duckdb.sql(f"SELECT * FROM read_csv('{path}', all_varchar = true)")
    return [dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall()]


def as_csv(value) -> str | None:
    if value is None:
        return None
    return str(value).lower() if isinstance(value, bool) else str(value)


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_each_hand_written_history_is_classified_as_worked_out_by_hand(golden_run, profile_id):
    classified = {r["woman_id"]: r for r in rows(golden_run / f"classification-{profile_id}.csv")}
    assert set(classified) == {w for w in EXPECTED if w.startswith("W")}
    for woman, by_profile in EXPECTED.items():
        if not woman.startswith("W"):
            continue
        wanted = by_profile[profile_id]
        row = classified[woman]
        assert row["meets_definition"] == as_csv(wanted["meets"]), woman
        assert row["rpl_type"] == as_csv(wanted["type"]), woman
        assert row["losses_counted"] == str(wanted["losses"]), woman


def test_care_gaps_list_each_recommended_investigation_without_a_result(golden_run):
    gaps: dict[str, set[str]] = {}
    for row in rows(golden_run / "care-gaps-eshre-2022.csv"):
        gaps.setdefault(row["woman_id"], set()).add(row["investigation"])
    for woman, investigations in EXPECTED["care_gaps_eshre"].items():
        assert gaps[woman] == set(investigations), woman
    # Women meeting the definition with no results at all miss every recommended investigation.
    everything = set(EXPECTED["care_gaps_eshre"]["W1"]) | set(EXPECTED["care_gaps_eshre"]["W3"])
    assert gaps["W2"] == everything
    # Women who do not meet the definition have no care gap.
    assert "W4" not in gaps and "W7" not in gaps


def test_the_summary_counts_agree_with_the_per_woman_rows(golden_run):
    summary = json.loads((golden_run / "summary.json").read_text())
    assert summary["format"] == "rpl-registry/1"
    assert summary["input"] == {"women": 10, "pregnancies": 22, "results": 3, "partners": 0}
    for profile in summary["profiles"]:
        wanted = [EXPECTED[w][profile["id"]] for w in EXPECTED if w.startswith("W")]
        assert profile["meets"] == sum(w["meets"] is True for w in wanted)
        assert profile["undecided"] == sum(w["meets"] is None for w in wanted)
        assert profile["secondary"] == sum(
            w["meets"] is True and w["type"] == "secondary" for w in wanted
        )
        assert sum(b["women"] for b in profile["by_age_band"]) == 10


def test_outcomes_count_each_pregnancy_after_a_point_where_the_definition_is_met(golden_run):
    summary = json.loads((golden_run / "summary.json").read_text())

    def table(profile_id):
        """(women, next pregnancies, live births) by losses, summed over the age bands."""
        profile = next(p for p in summary["profiles"] if p["id"] == profile_id)
        totals: dict[str, tuple[int, int, int]] = {}
        for o in profile["outcomes_after_rpl"]:
            women, after, live = totals.get(o["losses"], (0, 0, 0))
            totals[o["losses"]] = (
                women + o["women"],
                after + o["next_pregnancies"],
                live + o["live_births"],
            )
        return totals

    # RCOG: W6 meets it after one loss (21 weeks) and then miscarries (her second loss, with
    # nothing after); W4 meets it after one loss with nothing after; W3 after three.
    assert table("rcog-2023") == {"1": (2, 1, 0), "2": (1, 0, 0), "3": (1, 0, 0)}
    # ESHRE: seven women meet it; W3 met it after two losses and miscarried again (three losses,
    # nothing after); W10 met it after two losses and then had a live birth; the others have no
    # pregnancy after meeting it.
    assert table("eshre-2022") == {"2": (7, 2, 1), "3": (1, 0, 0)}


def test_the_report_is_one_self_contained_page_with_charts(golden_run):
    html = (golden_run / "report.html").read_text()
    assert html.count("<svg") >= 5 * 2
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script" not in html
    assert "not a diagnosis" in html


def test_a_run_reports_each_finished_stage_with_its_counts_and_times_on_stderr(tmp_path):
    from click.testing import CliRunner

    from rpl.cli.main import main

    result = CliRunner().invoke(
        main,
        ["registry", str(GOLDEN), "--out", str(tmp_path / "out"), "--as-of", "2025-01-01"],
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    women = sum(1 for w in EXPECTED if w.startswith("W"))
    assert lines[0].startswith("registry: input checked: ")
    assert f"{women:,} women" in lines[0]
    assert lines[1].startswith(f"registry: eshre-2022: {women:,} women classified; ")
    assert lines[2].startswith("registry: eshre-2022: care gaps: ")
    assert lines[3].startswith("registry: eshre-2022: outcomes: ")
    assert lines[4].startswith("registry: summary and report written")
    assert all(line.endswith(" in all)") and " s; " in line for line in lines)
    # Standard output is the summary alone; the stage lines never name a woman.
    assert "registry:" not in result.stdout
    assert not any(w in result.stderr for w in EXPECTED if w.startswith("W"))


def test_a_memory_limit_and_a_spill_folder_give_the_same_outputs(golden_run, tmp_path):
    out = tmp_path / "out"
    result = registry(
        GOLDEN,
        out,
        "--profile",
        "all",
        "--format",
        "csv",
        "--memory-limit",
        "256MB",
        "--temp-dir",
        str(tmp_path / "spill"),
    )
    assert result.exit_code == 0, result.output
    for name in sorted(p.name for p in golden_run.iterdir()):
        if name.endswith(".csv"):
            assert sorted((out / name).read_text().splitlines()) == sorted(
                (golden_run / name).read_text().splitlines()
            ), name
    result = registry(GOLDEN, tmp_path / "bad", "--memory-limit", "lots")
    assert result.exit_code == 2
    assert "--memory-limit / --temp-dir: not usable" in result.output
    assert not (tmp_path / "bad").exists()
