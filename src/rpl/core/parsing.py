"""Turn untrusted input into a checked `CoupleRecord`, or a list of one-line problems.

Every problem names the field path (`pregnancies[1].gestational_age`) and the reason.
Messages never repeat the submitted value: records hold patient data and error
messages end up in logs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from rpl.core.alcohol import uk_unit_grams
from rpl.core.ranges import TOO_LONG
from rpl.core.record import CoupleRecord, Person
from rpl.core.text import fill, template
from rpl.core.text import gettext_noop as _

# When age_years and birth_date (or bmi and height/weight) are both given they must agree.
AGE_TOLERANCE_YEARS = 1.0
BMI_TOLERANCE = 1.0
# Grams and UK units of alcohol given together must say the same amount (rounding aside).
ALCOHOL_TOLERANCE_GRAMS = 1.0
ROOT = "record"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class RecordError(ValueError):
    """The input is not a valid rpl-couple/1 record; `problems` says why, one per field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class CheckedRecord:
    """A valid record plus the values derived from it at the assessment date."""

    record: CoupleRecord
    assessed_on: dt.date
    woman_age_years: float | None
    partner_age_years: float | None
    woman_bmi: float | None
    partner_bmi: float | None


def format_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or ROOT


_UNION_MEMBER_TAGS = {"float", "str", "int", "bool", "function-plain[parse_gestational_age()]"}


# A bound of the schemas, by pydantic's error type: its context key and the marked message.
# Every bound is a whole number; a decimal one would be shown in English.
BOUNDS = {
    "greater_than_equal": ("ge", template(_("must be at least %(ge)d"))),
    "greater_than": ("gt", template(_("must be more than %(gt)d"))),
    "less_than_equal": ("le", template(_("must be at most %(le)d"))),
    "less_than": ("lt", template(_("must be less than %(lt)d"))),
}


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    simple = {
        "missing": _("required"),
        "extra_forbidden": _("unknown field (see `rpl schema` for the fields of rpl-couple/1)"),
        "float_type": _("expected a number"),
        "float_parsing": _("expected a number"),
        "int_type": _("expected a whole number"),
        "string_type": _("expected text"),
        "bool_type": _("expected true or false"),
        "list_type": _("expected a list"),
        "tuple_type": _("expected a list of two numbers"),
        "dict_type": _("expected an object"),
        "model_type": _("expected an object"),
        "model_attributes_type": _("expected an object"),
        "date_type": _("expected a date written YYYY-MM-DD"),
        "date_parsing": _("expected a date written YYYY-MM-DD"),
        "date_from_datetime_parsing": _("expected a date written YYYY-MM-DD"),
        "date_from_datetime_inexact": _("expected a date without a time, written YYYY-MM-DD"),
        "finite_number": _("must be a finite number"),
        "too_short": _("has too few items"),
        "too_long": _("has too many items"),
        "string_too_short": _("must not be empty"),
    }
    if kind in simple:
        return simple[kind]
    if kind == "literal_error":
        return f"unknown code; expected one of: {ctx.get('expected', '')}".replace("'", "")
    if kind in BOUNDS:
        key, message = BOUNDS[kind]
        bound = ctx.get(key)
        if isinstance(bound, int | float) and float(bound).is_integer():
            return fill(message, **{key: int(bound)})
        return message.replace(f"%({key})d", f"{bound:g}")  # English only
    if kind == "string_too_long":
        return fill(TOO_LONG, characters=int(ctx.get("max_length", 0)))
    if kind == "literal_error" or kind == "enum":
        return _("unknown code")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "json_invalid":
        return _("not valid JSON")
    # Fall back on pydantic's wording, which does not include the input value.
    return str(error["msg"])


def problems_from_validation_error(exc: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    seen_union_paths: set[str] = set()
    for error in exc.errors(include_url=False, include_input=False):
        loc = tuple(error["loc"])
        if loc and isinstance(loc[-1], str) and loc[-1] in _UNION_MEMBER_TAGS:
            # A value that may be a number or text failed both: say so once.
            path = format_path(loc[:-1])
            if path not in seen_union_paths:
                seen_union_paths.add(path)
                problems.append(Problem(path, _("expected a number or text")))
            continue
        problems.append(Problem(format_path(loc), _message(error)))
    return problems


# No clinical value needs more digits than this; longer numbers are refused before Python turns
# them into (very slow, very large) integers.
MAX_NUMBER_DIGITS = 30
NUMBER_TOO_LARGE = fill(
    template(_("a number is too large (at most %(digits)d digits)")), digits=MAX_NUMBER_DIGITS
)


class _NumberRefused(ValueError):
    pass


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _NumberRefused(NUMBER_TOO_LARGE)
    return int(text)


def _decimal_number(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):  # 1e400 overflows to infinity
        raise _NumberRefused(NUMBER_TOO_LARGE)
    return value


def _not_a_number(text: str) -> float:
    # Python's json accepts NaN and Infinity, which JSON itself does not.
    raise _NumberRefused(_("NaN and Infinity are not JSON numbers"))


def load_json(text: str | bytes) -> Any:
    """Parse JSON text, raising RecordError with the position of a syntax error.

    Refused with a problem, never passed on: invalid UTF-8, nesting too deep for the parser,
    numbers too large to be any clinical value (1e400, a thousand digits), NaN and Infinity.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RecordError([Problem(ROOT, _("not UTF-8 text"))]) from exc
    try:
        return json.loads(
            text,
            parse_int=_whole_number,
            parse_float=_decimal_number,
            parse_constant=_not_a_number,
        )
    except json.JSONDecodeError as exc:
        raise RecordError(
            [Problem(ROOT, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")]
        ) from exc
    except _NumberRefused as exc:
        raise RecordError([Problem(ROOT, str(exc))]) from exc
    except RecursionError as exc:
        raise RecordError([Problem(ROOT, _("JSON nested too deeply"))]) from exc


def _years_between(start: dt.date, end: dt.date) -> float:
    return round((end - start).days / 365.25, 1)


def bmi_from(height_cm: float, weight_kg: float) -> float:
    """Body-mass index in kg/m² from height in cm and weight in kg, to one decimal."""
    return round(weight_kg / (height_cm / 100) ** 2, 1)


# Whole-record problems (marked: the record pages show them in the reader's language).
AFTER_ASSESSED_ON = _("is after assessed_on")
AGE_DISAGREES = _("does not agree with birth_date at assessed_on")
AGE_OUTSIDE = _("gives an age outside 10 to 100")
BMI_DISAGREES = _("does not agree with height_cm and weight_kg")
ALCOHOL_DISAGREES = template(
    _("does not agree with alcohol_units_per_week (a UK unit is %(grams)d g); give one")
)
IN_THE_FUTURE = _("is in the future")
EARLIER_THAN_BEFORE = _(
    "is earlier than the pregnancy listed before it; list pregnancies oldest first"
)


def _alcohol_disagrees() -> str:
    grams = uk_unit_grams()
    if float(grams).is_integer():
        return fill(ALCOHOL_DISAGREES, grams=int(grams))
    return ALCOHOL_DISAGREES.replace("%(grams)d", f"{grams:g}")  # English only


def _person_checks(
    person: Person, path: str, assessed_on: dt.date
) -> tuple[list[Problem], float | None, float | None]:
    problems: list[Problem] = []
    age: float | None = person.age_years
    if person.birth_date is not None:
        if person.birth_date > assessed_on:
            problems.append(Problem(f"{path}.birth_date", AFTER_ASSESSED_ON))
        else:
            from_birth = _years_between(person.birth_date, assessed_on)
            if age is not None and abs(age - from_birth) > AGE_TOLERANCE_YEARS:
                problems.append(Problem(f"{path}.age_years", AGE_DISAGREES))
            age = from_birth if age is None else age
            if not 10 <= from_birth <= 100:
                problems.append(Problem(f"{path}.birth_date", AGE_OUTSIDE))
    bmi: float | None = person.bmi
    if person.height_cm is not None and person.weight_kg is not None:
        computed = bmi_from(person.height_cm, person.weight_kg)
        if bmi is not None and abs(bmi - computed) > BMI_TOLERANCE:
            problems.append(Problem(f"{path}.bmi", BMI_DISAGREES))
        bmi = computed if bmi is None else bmi
    grams, units = person.alcohol_grams_per_week, person.alcohol_units_per_week
    if (
        grams is not None
        and units is not None
        and abs(grams - units * uk_unit_grams()) > ALCOHOL_TOLERANCE_GRAMS
    ):
        problems.append(
            Problem(
                f"{path}.alcohol_grams_per_week",
                _alcohol_disagrees(),
            )
        )
    return problems, age, bmi


def check_record(record: CoupleRecord, today: dt.date) -> CheckedRecord:
    """Whole-record checks; raises RecordError listing every problem found."""
    assessed_on = record.assessed_on or today
    problems: list[Problem] = []
    if record.assessed_on is not None and record.assessed_on > today:
        problems.append(Problem("assessed_on", IN_THE_FUTURE))

    woman_problems, woman_age, woman_bmi = _person_checks(record.woman, "woman", assessed_on)
    problems += woman_problems
    partner_age = partner_bmi = None
    if record.partner is not None:
        partner_problems, partner_age, partner_bmi = _person_checks(
            record.partner, "partner", assessed_on
        )
        problems += partner_problems

    previous_end: dt.date | None = None
    for index, pregnancy in enumerate(record.pregnancies):
        if pregnancy.end_date is None:
            continue
        if pregnancy.end_date > assessed_on:
            problems.append(Problem(f"pregnancies[{index}].end_date", AFTER_ASSESSED_ON))
        if previous_end is not None and pregnancy.end_date < previous_end:
            problems.append(
                Problem(
                    f"pregnancies[{index}].end_date",
                    EARLIER_THAN_BEFORE,
                )
            )
        previous_end = pregnancy.end_date

    for index, result in enumerate(record.results):
        if result.date is not None and result.date > assessed_on:
            problems.append(Problem(f"results[{index}].date", AFTER_ASSESSED_ON))

    if problems:
        raise RecordError(problems)
    return CheckedRecord(
        record=record,
        assessed_on=assessed_on,
        woman_age_years=woman_age,
        partner_age_years=partner_age,
        woman_bmi=woman_bmi,
        partner_bmi=partner_bmi,
    )


def parse_record(source: str | bytes | Mapping[str, Any], today: dt.date) -> CheckedRecord:
    """Validate an rpl-couple/1 document (JSON text or already-parsed mapping).

    `today` is passed in rather than read from the clock so that results are reproducible.
    """
    text = json.dumps(source) if isinstance(source, Mapping) else source
    data = load_json(text)
    if not isinstance(data, dict):
        raise RecordError([Problem(ROOT, _("expected a JSON object"))])
    try:
        record = CoupleRecord.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        raise RecordError(problems_from_validation_error(exc)) from exc
    return check_record(record, today)
