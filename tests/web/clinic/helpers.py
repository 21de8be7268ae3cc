"""Building record-form posts for the clinic tests."""

from __future__ import annotations

from typing import Any


def record_post(
    local_id: str = "couple-1",
    *,
    woman: dict[str, Any] | None = None,
    pregnancies: list[dict[str, Any]] | None = None,
    results: list[dict[str, Any]] | None = None,
    current: dict[str, Any] | None = None,
    partner: dict[str, Any] | None = None,
    assessed_on: str = "2025-03-01",
    language: str = "en",
    profile: str = "",
) -> dict[str, Any]:
    """The POST data of the record form (prefixes as the page sends them)."""
    data: dict[str, Any] = {
        "record-local_id": local_id,
        "record-profile": profile,
        "record-assessed_on": assessed_on,
        "record-language": language,
    }
    for key, value in (woman or {"age_years": "36"}).items():
        data[f"woman-{key}"] = value
    for key, value in (partner or {}).items():
        data[f"partner-{key}"] = value
    for key, value in (current or {}).items():
        data[f"current-{key}"] = value
    for prefix, rows in (("pregnancies", pregnancies or []), ("results", results or [])):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


TWO_LOSSES = [
    {
        "outcome": "miscarriage",
        "end_date": "2024-03-11",
        "gestational_age": "8+0",
        "confirmed_by": "ultrasound",
    },
    {
        "outcome": "miscarriage",
        "end_date": "2024-11-30",
        "gestational_age": "6+4",
        "confirmed_by": "ultrasound",
    },
]


def make_booking(reference: str = "ABCD2345", **fields: Any) -> Any:
    import datetime as dt

    from django.utils import timezone

    from rpl.web.bookings.models import Booking

    values = {
        "reference": reference,
        "submission_token": f"token-{reference}",
        "language": "vi",
        "name": "Nguyễn Thị A",
        "phone": "+84912345678",
        "preferred_language": "vi",
        "earliest_date": dt.date(2025, 3, 1),
        "latest_date": dt.date(2025, 3, 20),
        "consent_given_at": timezone.now(),
    } | fields
    return Booking.objects.create(**values)


def make_question(text: str = "Should I have a thyroid test?", **fields: Any) -> tuple[Any, str]:
    """(question, its private link key)."""
    import secrets

    from django.utils import timezone

    from rpl.web.questions.models import Question
    from rpl.web.questions.tokens import private_token, token_hash

    form_token = secrets.token_hex(16)
    key = private_token(form_token, secrets.token_urlsafe(24), text)
    values = {
        "text": text,
        "language": "en",
        "consent_given_at": timezone.now(),
        "token_hash": token_hash(key),
        "submission_token": form_token,
    } | fields
    return Question.objects.create(**values), key
