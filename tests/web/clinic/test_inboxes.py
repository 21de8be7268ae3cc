"""Booking and question inboxes: statuses, notes, a booking into a record, answering and
publishing to the private link, the e-mail to the asker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from rpl.web.audit.models import AuditEvent
from rpl.web.clinic import inbox
from rpl.web.records.models import CoupleRecord
from tests.web.clinic.helpers import TWO_LOSSES, make_booking, make_question, record_post

pytestmark = pytest.mark.django_db


def test_a_receptionist_works_a_booking_through_its_statuses_with_notes(staff_client, make_staff):
    booking = make_booking()
    client = staff_client("receptionist")
    assert booking.reference in client.get("/staff/bookings/").content.decode()
    page = client.get(f"/staff/bookings/{booking.reference}/").content.decode()
    assert "+84912345678" in page
    clinician = make_staff("dr-an", "clinician")
    steps = [
        {"status": "contacted", "note": "now contacted"},
        {
            "status": "scheduled",
            "note": "now scheduled",
            "appointment_date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            "appointment_time": "09:30",
            "clinician": clinician.pk,
        },
        {"status": "done", "note": "now done"},
    ]
    for step in steps:
        response = client.post(f"/staff/bookings/{booking.reference}/", step)
        assert response.status_code == 302, response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "done"
    assert [n.text for n in booking.notes.all()] == ["now contacted", "now scheduled", "now done"]
    details = list(
        AuditEvent.objects.filter(object_type="booking", action="status")
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == ["new→contacted", "contacted→scheduled", "scheduled→done"]


def test_a_finished_booking_cannot_go_back(staff_client):
    booking = make_booking(status="cancelled")
    response = staff_client("receptionist").post(
        f"/staff/bookings/{booking.reference}/", {"status": "new"}
    )
    assert response.status_code == 400
    assert "a booking that is Cancelled cannot become New" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_the_open_list_leaves_out_done_and_cancelled_bookings():
    make_booking("AAAA2222")
    make_booking("BBBB3333", status="done")
    assert [b.reference for b in inbox.bookings()] == ["AAAA2222"]
    assert inbox.bookings("done").count() == 1


def test_a_clinician_turns_a_booking_into_a_prefilled_record_without_names(staff_client):
    answers = {
        "losses": 2,
        "loss_weeks": [8, 7],
        "confirmation": "scan",
        "live_births": "before",
        "age_years": 34,
    }
    booking = make_booking(selfcheck=answers)
    client = staff_client("clinician")
    page = client.get(f"/staff/bookings/{booking.reference}/record/")
    form = page.context["forms"]
    assert form.meta.initial["local_id"] == "booking-abcd2345"
    assert form.meta.initial["language"] == "vi"
    assert form.woman.initial["age_years"] == "34"
    assert [p["outcome"] for p in form.pregnancies.initial] == [
        "live_birth",
        "miscarriage",
        "miscarriage",
    ]
    assert [p["confirmed_by"] for p in form.pregnancies.initial[1:]] == ["ultrasound", "ultrasound"]
    assert "Nguyễn" not in str(form.meta.initial) + str(form.woman.initial)
    data = record_post(
        "booking-abcd2345", woman={"age_years": "34"}, pregnancies=TWO_LOSSES, language="vi"
    )
    response = client.post(f"/staff/bookings/{booking.reference}/record/", data)
    assert response.status_code == 302
    record = CoupleRecord.objects.get(local_id="booking-abcd2345")
    assert (record.from_booking, record.language) == ("ABCD2345", "vi")
    assert "Nguyễn" not in str(record.document)


def test_ectopic_and_molar_pregnancies_from_the_self_check_reach_the_record_as_their_outcomes():
    booking = make_booking(
        selfcheck={
            "losses": 1,
            "loss_weeks": [8],
            "ectopic_pregnancies": 1,
            "molar_pregnancies": 1,
            "live_births": "none",
        }
    )
    outcomes = [p["outcome"] for p in inbox.record_initial_from_booking(booking)["pregnancies"]]
    assert outcomes == ["miscarriage", "ectopic", "molar"]
    # Answers sent before the self-check asked about them still prefill the losses.
    older = make_booking("EFGH2345", selfcheck={"losses": 2, "loss_weeks": [8, 7]})
    outcomes = [p["outcome"] for p in inbox.record_initial_from_booking(older)["pregnancies"]]
    assert outcomes == ["miscarriage", "miscarriage"]


def test_self_check_answers_that_no_longer_fit_start_an_empty_record():
    booking = make_booking(selfcheck={"something": "else"})
    assert inbox.record_initial_from_booking(booking)["pregnancies"] == []


def test_a_receptionist_cannot_start_a_record_from_a_booking(staff_client):
    booking = make_booking()
    assert (
        staff_client("receptionist").get(f"/staff/bookings/{booking.reference}/record/").status_code
        == 403
    )


def test_a_question_is_assigned_answered_published_and_read_at_the_private_link(
    client, staff_client, make_staff, settings
):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    question, key = make_question(email="asker@example.org", language="vi")
    doctor = make_staff("doctor", "clinician")
    desk = staff_client("receptionist")
    assert (
        desk.post(
            f"/staff/questions/{question.pk}/", {"action": "assign", "clinician": doctor.pk}
        ).status_code
        == 302
    )
    refused = desk.post(
        f"/staff/questions/{question.pk}/", {"action": "answer", "answer_text": "x"}
    )
    assert refused.status_code == 403
    desk.logout()

    client.force_login(doctor)
    client.post(
        f"/staff/questions/{question.pk}/",
        {"action": "answer", "answer_text": "Yes: a TSH test is advised."},
    )
    question.refresh_from_db()
    assert (question.status, question.answered_by, question.assigned_to) == (
        "answered",
        doctor,
        doctor,
    )
    public = client.get("/en/ask/answer/", {"key": key}).content.decode()
    assert "a TSH test is advised" not in public  # not yet published

    client.post(f"/staff/questions/{question.pk}/", {"action": "publish"})
    question.refresh_from_db()
    assert question.status == "published" and question.published_at is not None
    assert (
        "Yes: a TSH test is advised."
        in client.get("/en/ask/answer/", {"key": key}).content.decode()
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asker@example.org"]
    assert key not in message.body and "TSH" not in message.body
    actions = list(
        AuditEvent.objects.filter(object_type="question")
        .exclude(action="view")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["assign", "answer", "publish", "email"]


def test_publishing_needs_an_answer_and_a_published_answer_is_final(make_staff):
    doctor = make_staff("doctor", "clinician")
    question, _ = make_question()
    with pytest.raises(inbox.InboxError, match="only an answered question"):
        inbox.publish_question(question)
    inbox.answer_question(question, "An answer.", doctor)
    assert inbox.publish_question(question) == []  # no e-mail address or number: nothing sent
    with pytest.raises(inbox.InboxError, match="cannot be changed"):
        inbox.answer_question(question, "Another.", doctor)


def test_questions_are_assigned_to_clinicians_only(make_staff):
    desk = make_staff("desk", "receptionist")
    question, _ = make_question()
    with pytest.raises(inbox.InboxError, match="go to a clinician"):
        inbox.assign_question(question, desk)
