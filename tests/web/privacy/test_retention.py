"""Retention: closed bookings and published answers older than RPL_RETENTION_DAYS go (with
--apply), to the second; open work and clinical records stay; a dry run changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.utils import timezone

from rpl.cli.main import main
from rpl.web import config
from rpl.web.audit.models import AuditEvent
from rpl.web.bookings.models import Booking
from rpl.web.privacy import services
from rpl.web.questions.models import Question
from rpl.web.records.models import CoupleRecord
from tests.web.clinic.helpers import make_booking, make_question
from tests.web.privacy.helpers import record_document

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
DAYS = 365
CUTOFF = NOW - dt.timedelta(days=DAYS)
SECOND = dt.timedelta(seconds=1)


def _booking(reference: str, status: str, created_at: dt.datetime) -> Booking:
    booking = make_booking(reference, status=status)
    Booking.objects.filter(pk=booking.pk).update(created_at=created_at)  # auto_now_add otherwise
    return booking


def _question(status: str, published_at: dt.datetime | None) -> Question:
    question, _key = make_question(status=status, answer_text="An answer.")
    Question.objects.filter(pk=question.pk).update(
        published_at=published_at, created_at=CUTOFF - dt.timedelta(days=30)
    )
    return question


@pytest.fixture
def history(db):
    """Items on both sides of the cutoff, and items retention must never touch."""
    from rpl.web.records.services import create_record

    return {
        "gone": [
            _booking("DONE2345", "done", CUTOFF - SECOND),
            _booking("CANC2345", "cancelled", CUTOFF - dt.timedelta(days=400)),
            _question("published", CUTOFF - SECOND),
        ],
        "kept": [
            _booking("DONE3456", "done", CUTOFF + SECOND),  # just inside the period
            _booking("DONE4567", "done", CUTOFF),  # exactly the period: not older than it
            _booking("OPEN2345", "new", CUTOFF - dt.timedelta(days=900)),  # still open
            _booking("SCHD2345", "scheduled", CUTOFF - dt.timedelta(days=900)),
            _question("published", CUTOFF + SECOND),
            _question("answered", None),  # written but never published: work in progress
            _question("new", None),
            create_record(record_document("old-record"), language="en", from_booking="DONE2345"),
        ],
    }


def _exists(item) -> bool:
    return type(item).objects.filter(pk=item.pk).exists()


def test_a_dry_run_counts_what_would_go_and_changes_nothing(history):
    result = services.retention(DAYS, now=NOW)
    assert (result.bookings, result.questions, result.applied) == (2, 1, False)
    assert result.cutoff == CUTOFF
    assert all(_exists(item) for item in history["gone"] + history["kept"])
    assert not AuditEvent.objects.exists()


def test_apply_deletes_exactly_what_is_older_than_the_period_and_audits_the_counts(history):
    result = services.retention(DAYS, apply=True, now=NOW)
    assert (result.bookings, result.questions, result.applied) == (2, 1, True)
    assert not any(_exists(item) for item in history["gone"])
    assert all(_exists(item) for item in history["kept"])
    assert CoupleRecord.objects.get(local_id="old-record").from_booking == "DONE2345"
    events = AuditEvent.objects.order_by("id")
    assert [(e.action, e.object_type, e.object_id, e.detail) for e in events] == [
        ("delete", "booking", "", "retention: 2 closed bookings older than 365 days"),
        ("delete", "question", "", "retention: 1 answered questions older than 365 days"),
    ]
    again = services.retention(DAYS, apply=True, now=NOW)
    assert (again.bookings, again.questions) == (0, 0)


def test_the_retention_setting_is_whole_days_or_unset():
    assert config.retention_days({}) is None
    assert config.retention_days({"RPL_RETENTION_DAYS": " 730 "}) == 730
    for bad in ("0", "-3", "two years", "1.5"):
        with pytest.raises(ValueError, match="RPL_RETENTION_DAYS"):
            config.retention_days({"RPL_RETENTION_DAYS": bad})


def test_the_retention_command_is_a_dry_run_unless_told_to_apply(db, settings):
    settings.RPL_RETENTION_DAYS = 5
    now = timezone.now()
    old = _booking("OLDD2345", "done", now - dt.timedelta(days=10))
    recent = _booking("NEWW2345", "done", now - dt.timedelta(days=1))
    runner = CliRunner()

    dry = runner.invoke(main, ["retention"])
    assert dry.exit_code == 0, dry.output
    assert "Would delete 1 closed booking(s) received and 0 question(s)" in dry.output
    assert "Dry run: nothing was changed" in dry.output
    assert _exists(old) and _exists(recent)

    applied = runner.invoke(main, ["retention", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Deleted 1 closed booking(s)" in applied.output
    assert not _exists(old) and _exists(recent)


def test_the_retention_command_refuses_without_a_period(db, settings):
    settings.RPL_RETENTION_DAYS = None
    result = CliRunner().invoke(main, ["retention", "--apply"])
    assert result.exit_code == 2
    assert "set RPL_RETENTION_DAYS" in result.output
