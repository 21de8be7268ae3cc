"""Helper for the backup tests, run as a script in a subprocess so that Django is configured
from the environment (DATABASE_URL or the data directory) exactly as `rpl backup` sees it.

    database_rows.py seed      add bookings, questions, an answer, a record and audit events
    database_rows.py change    change, add and delete rows (as happens after a backup)
    database_rows.py storm N   N transactions, each one booking plus its audit event
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from rpl.web.audit.services import record_event  # noqa: E402
from rpl.web.bookings.models import Booking  # noqa: E402
from rpl.web.questions.models import Question  # noqa: E402
from rpl.web.records.models import CoupleRecord  # noqa: E402


def _booking(reference: str, name: str, **fields: object) -> Booking:
    values = {
        "reference": reference,
        "submission_token": f"token-{reference}",
        "language": "vi",
        "name": name,
        "phone": "+84912345678",
        "email": "a@example.org",
        "preferred_language": "vi",
        "earliest_date": dt.date(2025, 3, 1),
        "latest_date": dt.date(2025, 3, 20),
        "history": "Hai lần sảy thai",
        "consent_given_at": timezone.now(),
        "selfcheck": {"losses": 2, "loss_weeks": [8, 7]},
    } | fields
    return Booking.objects.create(**values)


def seed() -> None:
    with transaction.atomic():
        clinician = User.objects.get(username="clinician")
        booking = _booking("SEED2345", "Nguyễn Thị Seed", status="done")
        booking.notes.create(text="called", author=clinician, author_username="clinician")
        _booking("SEED3456", "李 Seed")
        question = Question.objects.create(
            text="Tiroid testi gerekli mi?",
            language="tr",
            email="q@example.org",
            consent_given_at=timezone.now(),
            token_hash="a" * 64,
            submission_token="seed-question",  # noqa: S106  # not a password
            status="published",
            answer_text="Evet.",
            answered_by=clinician,
            answered_at=timezone.now(),
            published_at=timezone.now(),
        )
        record = CoupleRecord.objects.first()
        assert record is not None
        for action, kind, ident in (
            ("view", "booking", booking.reference),
            ("answer", "question", question.pk),
            ("update", "couple_record", record.local_id),
        ):
            record_event(None, action, kind, ident, actor=clinician)


def change() -> None:
    with transaction.atomic():
        Booking.objects.filter(reference="SEED2345").delete()
        Question.objects.update(answer_text="changed")
        CoupleRecord.objects.update(language="tr")
        User.objects.create_user("after-backup", password="a-long-test-password")  # noqa: S106
        _booking("NEW23456", "After Backup")
        record_event(None, "view", "booking", "NEW23456")


def storm(count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            reference = f"S{number:07d}"
            _booking(reference, f"Storm {number}", submission_token=f"storm-{number}")
            record_event(None, "create", "booking", reference, detail="storm")
    print(count)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "seed":
        seed()
    elif command == "change":
        change()
    elif command == "storm":
        storm(int(sys.argv[2]))
    else:
        raise SystemExit(f"unknown command {command}")
