"""Reading test results from a record: which exist, and what a plain result says.

Only what a result states itself is read here (a positive/negative report, or a number
against the laboratory's own reference range). Thresholds from criteria or guidelines
belong to the calculators, which cite them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from rpl.core.ranges import place
from rpl.core.record import CoupleRecord, Result

ResultReading = Literal["normal", "abnormal", "indeterminate"]

_ABNORMAL_WORDS = {"positive", "abnormal", "detected", "present", "high", "low"}
_NORMAL_WORDS = {"negative", "normal", "not_detected", "absent"}


def results_for(record: CoupleRecord, tests: Iterable[str]) -> list[Result]:
    """Results of any of these tests, oldest first (undated ones last, in record order)."""
    wanted = set(tests)
    chosen = [r for r in record.results if r.test in wanted]
    return sorted(chosen, key=lambda r: (r.date is None, r.date))


def read_result(result: Result) -> ResultReading:
    """What the result says on its own terms; `indeterminate` when it needs interpreting."""
    value = result.value
    if isinstance(value, str):
        word = value.strip().lower().replace(" ", "_")
        if word in _ABNORMAL_WORDS:
            return "abnormal"
        if word in _NORMAL_WORDS:
            return "normal"
        return "indeterminate"
    if isinstance(value, int | float) and result.reference_range is not None and result.unit:
        return "normal" if place(value, result.reference_range) == "within" else "abnormal"
    return "indeterminate"


def overall_reading(results: Iterable[Result]) -> ResultReading | None:
    """Abnormal if any result is, else indeterminate if any is, else normal; None if none."""
    if type(results) is list and len(results) == 1:  # the usual case: one result
        return read_result(results[0])
    readings = {read_result(r) for r in results}
    order: tuple[ResultReading, ...] = ("abnormal", "indeterminate", "normal")
    return next((reading for reading in order if reading in readings), None)
