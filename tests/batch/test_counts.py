"""The registry's progress and summary lines say "1 woman", "2 women": never "1 women"."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from rpl.batch.counts import counted
from rpl.cli.main import main

# A number of 1 followed by a plural noun the lines use.
ONE_PLURAL = re.compile(r"\b1 (women|pregnancies|results|partners|rows|chunks|parts|losses)\b")


def one_woman(folder: Path) -> Path:
    """One woman with two miscarriages and a live birth after them, one result."""
    folder.mkdir()
    (folder / "women.csv").write_text("woman_id,birth_date,partner_id\nW1,1990-05-01,P1\n")
    (folder / "pregnancies.csv").write_text(
        "woman_id,pregnancy_number,outcome,end_date,gestational_age_days,confirmed_by,"
        "same_partner,partner_id,tissue_genetics\n"
        "W1,1,miscarriage,2021-03-01,56,ultrasound,true,P1,\n"
        "W1,2,miscarriage,2022-02-01,63,ultrasound,true,P1,\n"
        "W1,3,live_birth,2023-11-01,273,ultrasound,true,P1,\n"
    )
    (folder / "results.csv").write_text(
        "woman_id,test,date,value,unit,subject\nW1,tsh,2022-04-01,2.1,mIU/L,woman\n"
    )
    return folder


def test_a_count_of_one_takes_the_singular_and_any_other_count_the_plural():
    assert counted(1, "women") == "1 woman"
    assert counted(1, "woman") == "1 woman"
    assert counted(0, "women") == "0 women"
    assert counted(1234, "pregnancies") == "1,234 pregnancies"
    assert counted(1, "losses") == "1 loss"
    assert counted(2, "loss") == "2 losses"


def test_a_registry_of_one_woman_says_1_woman_in_every_progress_and_summary_line(tmp_path):
    source = one_woman(tmp_path / "input")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["registry", str(source), "--out", str(out), "--as-of", "2025-01-01"]
    )
    assert result.exit_code == 0, result.output
    assert "1 woman" in result.stderr and "1 woman" in result.stdout
    assert "1 pregnancy after meeting the definition" in result.stderr
    assert ONE_PLURAL.findall(result.stderr + result.stdout) == []
    report = (out / "report.html").read_text()
    assert "1 of 1 woman meets the definition" in report
    assert ONE_PLURAL.findall(report) == []


def test_the_synthetic_registry_of_one_woman_is_summed_up_in_the_singular(tmp_path):
    result = CliRunner().invoke(
        main, ["synth", "--women", "1", "--out", str(tmp_path / "out"), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "1 woman," in result.output and "1 chunk, 1 part)" in result.output
    assert ONE_PLURAL.findall(result.output) == []
