"""Fixtures for the privacy tests: one patient's data, and someone else's."""

from __future__ import annotations

import pytest

from rpl.web.records.services import create_record
from tests.web.clinic.helpers import make_booking, make_question
from tests.web.privacy.helpers import (
    ANSWER_TEXT,
    CONTENT,
    NOTE_TEXT,
    QUESTION_TEXT,
    record_document,
)


@pytest.fixture
def patient(db):
    """One person's booking, a couple record started from it, and an answered question."""
    booking = make_booking(
        "ABCD2345",
        status="done",
        selfcheck={"losses": 2, "loss_weeks": [8, 7]},
        **CONTENT,
    )
    booking.notes.create(text=NOTE_TEXT, author_username="reception")
    record = create_record(
        record_document("couple-erasable"), language="vi", from_booking=booking.reference
    )
    question, key = make_question(
        QUESTION_TEXT,
        email=CONTENT["email"],
        status="published",
        answer_text=ANSWER_TEXT,
    )
    return booking, record, question, key


@pytest.fixture
def bystanders(db):
    """Someone else, whose data must survive every erasure."""
    other_booking = make_booking("WXYZ6789", name="Other Person", phone="+905321234567")
    other_record = create_record(record_document("couple-other", "other detail"), language="tr")
    other_question, _ = make_question("Another person's question")
    return other_booking, other_record, other_question
