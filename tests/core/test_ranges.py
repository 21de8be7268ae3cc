"""Reference ranges: [lower, upper], one bound null, or as a laboratory prints it."""

from __future__ import annotations

import json

import pytest

from rpl.core.parsing import RecordError, parse_record
from rpl.core.ranges import bounds, place
from tests.core.helpers import TODAY, record


def parsed(reference_range):
    data = record(
        "miscarriage 8",
        results=[{"test": "tsh", "value": 3, "unit": "mIU/L", "reference_range": reference_range}],
    )
    return parse_record(json.dumps(data), today=TODAY).record.results[0]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ([0.4, 4.0], (0.4, 4.0)),
        ([None, 20], (None, 20.0)),
        ([5, None], (5.0, None)),
        ("<20", (None, 20.0)),
        ("< 20", (None, 20.0)),
        ("≤20", (None, 20.0)),
        (">5", (5.0, None)),
        ("0.4-4.0", (0.4, 4.0)),
        ("0.4 – 4.0", (0.4, 4.0)),
        ("10 to 20", (10.0, 20.0)),
    ],
)
def test_every_accepted_form_gives_its_bounds(written, expected):
    assert bounds(parsed(written).reference_range) == expected


def test_printed_text_is_kept_as_written_so_a_record_reads_back_unchanged():
    result = parsed(" <20 ")
    assert result.reference_range == "<20"
    assert json.loads(result.model_dump_json())["reference_range"] == "<20"
    assert json.loads(parsed([None, 20]).model_dump_json())["reference_range"] == [None, 20.0]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("abc", "not a reference range"),
        ([None, None], "give at least one bound"),
        ([5, 1], "lower <= upper"),
        ("20-5", "lower limit is above the upper limit"),
        (5, "write it as [lower, upper]"),
        ([True, 2], "each bound must be a number or null"),
    ],
)
def test_a_range_that_is_not_one_is_refused_with_a_message_naming_the_field(written, message):
    with pytest.raises(RecordError) as caught:
        parsed(written)
    [problem] = caught.value.problems
    assert problem.path == "results[0].reference_range"
    assert message in problem.message


def test_a_value_on_a_bound_lies_within_the_range():
    assert place(20, "<20") == "within"
    assert place(20.1, "<20") == "above"
    assert place(4.9, ">5") == "below"
    assert place(2, [None, 20]) == "within"
