"""The registry's HTML report: charts whose labels stay readable."""

from __future__ import annotations

import re

from rpl.batch.report import _label_lines, bar_chart
from tests.batch.helpers import GOLDEN, registry


def test_a_long_code_label_reads_as_words_in_lines_that_fit_under_its_bar():
    assert _label_lines("anticardiolipin_antibodies", 14) == ["anticardiolip…", "antibodies"]
    assert _label_lines("uterine_assessment", 14) == ["uterine", "assessment"]
    assert all(len(line) <= 14 for line in _label_lines("lupus_anticoagulant", 14))


def test_a_label_never_takes_more_than_three_lines():
    assert len(_label_lines("a_b_c_d_e_f_g_h", 1)) == 3


def test_neighbouring_bar_labels_do_not_overlap():
    labels = [
        "anticardiolipin_antibodies",
        "lupus_anticoagulant",
        "tpo_antibodies",
        "tsh",
        "uterine_assessment",
    ]
    svg = bar_chart("gaps", labels, [("without a result", [46.7, 65.1, 64.8, 65.3, 65.3])], "%")
    group_width = (640 - 48 - 10) / len(labels)
    for line in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg):
        assert len(line) * 6.5 <= group_width + 6.5, line


def test_the_report_states_each_definition_with_one_full_stop_and_each_citation_once(tmp_path):
    assert registry(GOLDEN, tmp_path / "out").exit_code == 0
    html = (tmp_path / "out" / "report.html").read_text()
    definitions = re.findall(r"<p>Definition: (.*?)</p>", html)
    assert definitions and all(not d.endswith("..") for d in definitions)
    for cell in re.findall(r"<td>([^<]*ESHRE-2022[^<]*)</td>", html):
        cited = cell.split("; ")
        assert len(cited) == len(set(cited)), cell
