"""Gestational age: written "W+D" (weeks + days) or "W" (whole weeks) in records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from rpl.core.text import fill, template
from rpl.core.text import gettext_noop as _

# Plausibility limit of the record contract: no pregnancy lasts beyond 45 weeks.
MAX_WEEKS = 45
OVER_THE_LIMIT = template(_("over the %(weeks)d-week limit of a pregnancy"))

_PATTERN = re.compile(r"\s*(-?\d+)\s*(?:\+\s*(-?\d+))?\s*")


@dataclass(frozen=True, order=True)
class GestationalAge:
    """A gestational age held as total days so comparisons are exact."""

    total_days: int

    @classmethod
    def of(cls, weeks: int, days: int = 0) -> GestationalAge:
        return cls(weeks * 7 + days)

    @property
    def weeks(self) -> int:
        return self.total_days // 7

    @property
    def days(self) -> int:
        return self.total_days % 7

    def is_before_weeks(self, limit_weeks: int) -> bool:
        """True when strictly before limit_weeks+0 (e.g. 23+6 is before 24)."""
        return self.total_days < limit_weeks * 7

    def __str__(self) -> str:
        return f"{self.weeks}+{self.days}"


def parse_gestational_age(value: Any) -> GestationalAge:
    """Parse "8+3", "8" or a whole number of weeks; reject anything impossible."""
    if isinstance(value, GestationalAge):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(_('expected weeks+days as text, e.g. "8+3" or "8"'))
    if isinstance(value, int):
        weeks, days = value, 0
    else:
        match = _PATTERN.fullmatch(value)
        if match is None:
            raise ValueError(_('not weeks+days; write it like "8+3" or "8"'))
        weeks = int(match.group(1))
        days = int(match.group(2)) if match.group(2) is not None else 0
    if weeks < 0 or days < 0:
        raise ValueError(_("cannot be negative"))
    if days > 6:
        raise ValueError(_("days must be 0 to 6 (write 9+0, not 8+7)"))
    if weeks * 7 + days > MAX_WEEKS * 7:
        raise ValueError(fill(OVER_THE_LIMIT, weeks=MAX_WEEKS))
    return GestationalAge.of(weeks, days)


GestationalAgeField = Annotated[
    GestationalAge,
    PlainValidator(parse_gestational_age),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            # The parser also takes a whole number of weeks as a JSON number; say so.
            "anyOf": [
                {"type": "string", "pattern": r"^\d{1,2}(\+[0-6])?$"},
                {"type": "integer", "minimum": 0, "maximum": MAX_WEEKS},
            ],
            "description": 'Gestational age as weeks+days ("8+3"), whole weeks ("8") or a'
            " whole number of weeks (8); 0 to 45 weeks.",
            "examples": ["8+3", "12"],
        }
    ),
]
