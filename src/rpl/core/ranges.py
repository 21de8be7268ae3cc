"""A laboratory's reference range on a result: `[lower, upper]`, one-sided, or as printed.

Laboratories print ranges in several ways: "0.4-4.0", "<20" (antibody tests: normal below
20), ">5". The record accepts `[lower, upper]` (the contract's original form), either bound
null for a one-sided range (`[null, 20]`), or the printed text. Text is kept as written, so
a record reads back unchanged; `bounds` gives the two limits whatever the form.

Reading: a value equal to a bound lies within the range ("<20" and `[null, 20]` alike), so
only a value beyond a bound is above or below it.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from rpl.core.text import fill, template
from rpl.core.text import gettext_noop as _

Bounds = tuple[float | None, float | None]
ReferenceRange = Bounds | str
Place = Literal["below", "within", "above"]

_NUMBER = r"(\d+(?:\.\d+)?)"
_ONE_SIDED = re.compile(rf"^\s*(<=?|≤|>=?|≥)\s*{_NUMBER}\s*$")
_TWO_SIDED = re.compile(rf"^\s*{_NUMBER}\s*(?:-|–|—|to)\s*{_NUMBER}\s*$")
# Short enough for any printed range; longer text is refused before matching.
MAX_TEXT = 40
# The problems, marked whole (the record pages show them in the reader's language).
HOW_TO_WRITE = _(
    'write it as [lower, upper], [null, upper], [lower, null] or as printed, e.g. "<20" or'
    ' "0.4-4.0"'
)
NOT_A_NUMBER = _(
    "each bound must be a number or null; write it as [lower, upper], [null, upper],"
    ' [lower, null] or as printed, e.g. "<20" or "0.4-4.0"'
)
NOT_FINITE = _("a bound must be a finite number")
TOO_LONG = template(_("longer than %(characters)d characters"))
LOWER_ABOVE_UPPER = _("the lower limit is above the upper limit")
NOT_A_RANGE = _(
    "not a reference range; write it as [lower, upper], [null, upper], [lower, null] or as"
    ' printed, e.g. "<20" or "0.4-4.0"'
)
NO_BOUND = _(
    "give at least one bound; write it as [lower, upper], [null, upper], [lower, null] or as"
    ' printed, e.g. "<20" or "0.4-4.0"'
)
LOWER_ABOVE_UPPER_PAIR = _("reference_range must be [lower, upper] with lower <= upper")


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(NOT_A_NUMBER)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(NOT_FINITE)
    return number


def text_bounds(text: str) -> Bounds:
    """The limits of a printed range; ValueError when the text is not one."""
    if len(text) > MAX_TEXT:
        raise ValueError(fill(TOO_LONG, characters=MAX_TEXT))
    match = _ONE_SIDED.match(text)
    if match is not None:
        sign, number = match.group(1), float(match.group(2))
        return (None, number) if sign in ("<", "<=", "≤") else (number, None)
    match = _TWO_SIDED.match(text)
    if match is not None:
        low, high = float(match.group(1)), float(match.group(2))
        if low > high:
            raise ValueError(LOWER_ABOVE_UPPER)
        return (low, high)
    raise ValueError(NOT_A_RANGE)


def parse_reference_range(value: Any) -> ReferenceRange:
    """A record's `reference_range`: two bounds (either may be null) or printed text."""
    if isinstance(value, str):
        text_bounds(value)
        return value.strip()
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(HOW_TO_WRITE)
    low, high = _number(value[0]), _number(value[1])
    if low is None and high is None:
        raise ValueError(NO_BOUND)
    if low is not None and high is not None and low > high:
        raise ValueError(LOWER_ABOVE_UPPER_PAIR)
    return (low, high)


def bounds(reference_range: ReferenceRange) -> Bounds:
    """The lower and upper limits of a range in either form (None: no limit on that side)."""
    if isinstance(reference_range, str):
        return text_bounds(reference_range)
    return reference_range


def _serialize(reference_range: ReferenceRange) -> list[float | None] | str:
    return reference_range if isinstance(reference_range, str) else list(reference_range)


def place(value: float, reference_range: ReferenceRange) -> Place:
    """Where a value lies against the range (a value on a bound lies within it)."""
    low, high = bounds(reference_range)
    if high is not None and value > high:
        return "above"
    if low is not None and value < low:
        return "below"
    return "within"


ReferenceRangeField = Annotated[
    ReferenceRange,
    PlainValidator(parse_reference_range),
    PlainSerializer(_serialize),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "array",
                    "prefixItems": [
                        {"type": ["number", "null"]},
                        {"type": ["number", "null"]},
                    ],
                    "minItems": 2,
                    "maxItems": 2,
                },
                {"type": "string", "maxLength": MAX_TEXT},
            ],
            "description": "The laboratory's reference range in the result's unit: [lower,"
            ' upper], one bound null for a one-sided range ([null, 20]), or as printed ("<20",'
            ' ">5", "0.4-4.0"). A value on a bound lies within the range.',
        }
    ),
]
