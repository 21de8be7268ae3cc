"""Privacy requests: an admin finds what is held about one person by identifiers (POST, never
in a URL), downloads all of it as JSON or erases all of it, and the audit trail records each
action by identifier and count, never by content."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.models.signals import pre_delete

from rpl.web.audit.models import AuditEvent
from rpl.web.bookings.models import Booking
from rpl.web.privacy import services
from rpl.web.questions.models import Question
from rpl.web.records.models import CoupleRecord
from tests.web.clinic.helpers import make_booking
from tests.web.privacy.helpers import (
    ANSWER_TEXT,
    CONTENT,
    MARKER,
    NOTE_TEXT,
    QUESTION_TEXT,
    RECORD_DETAIL,
)

pytestmark = pytest.mark.django_db


def places_holding(text: str) -> set[tuple[str, str]]:
    """(table, column) of every value in the whole database that contains `text`."""
    found = set()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT count(*) FROM {quote(table)} "
                    f"WHERE CAST({quote(column.name)} AS TEXT) LIKE %s",
                    [f"%{text}%"],
                )
                if cursor.fetchone()[0]:
                    found.add((table, column.name))
    return found


def test_a_lookup_takes_references_numbers_and_private_links_and_never_repeats_bad_input():
    key = "k" * 32
    lookup = services.parse_lookup(
        bookings="abcd2345, ABCD2345  WXYZ6789",
        questions=f"12 https://clinic.example/en/ask/answer/?key={key}",
        records="couple-1",
    )
    assert lookup.booking_references == ("ABCD2345", "WXYZ6789")
    assert lookup.question_numbers == (12,)
    assert lookup.question_keys == (key,)
    assert lookup.record_ids == ("couple-1",)
    for field, typed in (
        ("bookings", "Nguyen Thi A"),
        ("questions", "+84912345678"),
        ("records", "Nguyễn-Thị"),
    ):
        with pytest.raises(services.PrivacyError) as problem:
            services.parse_lookup(**{field: typed})
        assert typed.split()[0][:5] not in str(problem.value)


def test_a_booking_reference_finds_the_booking_and_the_record_started_from_it(patient):
    booking, record, _question, _key = patient
    found = services.find(services.parse_lookup(bookings=booking.reference))
    assert [b.reference for b in found.bookings] == [booking.reference]
    assert [r.local_id for r in found.records] == [record.local_id]
    # ...and from the record back to its booking.
    found = services.find(services.parse_lookup(records=record.local_id))
    assert [b.reference for b in found.bookings] == [booking.reference]


def test_others_with_the_same_phone_or_email_are_offered_not_included(patient, bystanders):
    booking, _record, question, _key = patient
    same_phone = make_booking("SAME2345", phone=booking.phone, name="Family member")
    found = services.find(services.parse_lookup(bookings=booking.reference))
    assert same_phone.reference not in [b.reference for b in found.bookings]
    assert found.same_contact_bookings == [same_phone.reference]
    assert found.same_contact_questions == [question.pk]  # same e-mail address
    assert found.questions == []


def test_the_export_holds_every_field_of_everything_held_about_the_person(patient):
    booking, record, question, key = patient
    holdings = services.find(services.parse_lookup(bookings=booking.reference, questions=key))
    document = services.export_document(holdings)

    assert document["format"] == "rpl-privacy-export/1"
    (exported_booking,) = document["bookings"]
    (exported_question,) = document["questions"]
    (exported_record,) = document["couple_records"]
    for model, exported, instance in (
        (Booking, exported_booking, booking),
        (Question, exported_question, question),
        (CoupleRecord, exported_record, record),
    ):
        instance.refresh_from_db()
        fields = {f.name for f in model._meta.concrete_fields}
        left_out = set(services.NOT_EXPORTED[model])
        assert left_out <= fields, "NOT_EXPORTED names a field the model no longer has"
        assert set(exported) - {"number", "notes"} == fields - left_out
        for name in fields - left_out:
            value = getattr(instance, name)
            expected = value.isoformat() if hasattr(value, "isoformat") else value
            assert exported[name] == expected, name
    assert exported_booking["name"] == CONTENT["name"]
    assert [note["text"] for note in exported_booking["notes"]] == [NOTE_TEXT]
    assert exported_question["number"] == question.pk
    assert exported_question["answer_text"] == ANSWER_TEXT
    assert RECORD_DETAIL in json.dumps(exported_record["document"])
    assert "token_hash" not in exported_question and "submission_token" not in exported_booking


def test_an_admin_downloads_everything_as_json_and_the_audit_trail_keeps_ids_only(
    patient, staff_client
):
    booking, record, question, _key = patient
    client = staff_client("admin")
    found = client.post(
        "/staff/privacy/", {"bookings": booking.reference, "questions": str(question.pk)}
    )
    page = found.content.decode()
    assert found.status_code == 200
    assert "1 booking, 1 question, 1 couple record" in page
    assert record.local_id in page and booking.reference in page
    assert MARKER not in page  # the page lists identifiers, not content

    response = client.post(
        "/staff/privacy/",
        {"action": "export", "bookings": booking.reference, "questions": str(question.pk)},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="rpl-privacy-export-')
    assert booking.reference not in disposition
    document = json.loads(response.content)
    assert document["bookings"][0]["name"] == CONTENT["name"]
    assert document["questions"][0]["text"] == QUESTION_TEXT

    events = AuditEvent.objects.filter(action="export")
    assert sorted(events.values_list("object_type", "object_id")) == sorted(
        [
            ("booking", booking.reference),
            ("couple_record", record.local_id),
            ("question", str(question.pk)),
        ]
    )
    assert {e.detail for e in events} == {"privacy export: 1 booking, 1 question, 1 couple record"}
    assert {e.actor_username for e in events} == {"admin"}
    assert "rpl_audit_auditevent" not in {table for table, _ in places_holding(MARKER)}


def test_identifiers_in_the_address_are_ignored(patient, staff_client):
    client = staff_client("admin")
    for action in ("find", "export", "erase"):
        response = client.get(f"/staff/privacy/?action={action}&bookings=ABCD2345&confirm=erase")
        assert response.status_code == 200
        assert "ABCD2345" not in response.content.decode()
    assert Booking.objects.filter(reference="ABCD2345").exists()
    assert not AuditEvent.objects.filter(action__in=["export", "delete"]).exists()


@pytest.mark.parametrize("roles", [("receptionist",), ("clinician",), ()])
def test_only_admins_handle_privacy_requests(patient, staff_client, roles):
    booking = patient[0]
    client = staff_client(*roles)
    for action in ("find", "export", "erase"):
        response = client.post(
            "/staff/privacy/",
            {"action": action, "bookings": booking.reference, "confirm": "erase"},
        )
        assert response.status_code == 403, action
    assert Booking.objects.filter(pk=booking.pk).exists()


def test_erasure_asks_first_then_removes_every_trace_and_says_what_went(
    patient, bystanders, staff_client
):
    booking, record, question, key = patient
    client = staff_client("admin")
    lookup = {"action": "erase", "bookings": booking.reference.lower(), "questions": key}
    assert places_holding(MARKER)  # the content is there to begin with

    confirm = client.post("/staff/privacy/", lookup)
    assert confirm.status_code == 200
    assert "Type <strong>erase</strong> to confirm" in confirm.content.decode()
    wrong = client.post("/staff/privacy/", {**lookup, "confirm": "yes"})
    assert wrong.status_code == 400
    assert Booking.objects.filter(pk=booking.pk).exists()
    assert not AuditEvent.objects.filter(action="delete").exists()

    done = client.post("/staff/privacy/", {**lookup, "confirm": "erase"}, follow=True)
    page = done.content.decode()
    assert "Erased 1 booking, 1 question, 1 couple record" in page
    assert booking.reference in page and record.local_id in page and str(question.pk) in page

    assert places_holding(MARKER) == set()  # not in any column of any table
    for identifier in (booking.reference, record.local_id):
        # An identifier is left only in the audit trail, which holds identifiers by design.
        assert {table for table, _ in places_holding(identifier)} <= {"rpl_audit_auditevent"}
    assert not Question.objects.filter(pk=question.pk).exists()
    events = AuditEvent.objects.filter(action="delete")
    assert sorted(events.values_list("object_type", "object_id")) == sorted(
        [
            ("booking", booking.reference),
            ("couple_record", record.local_id),
            ("question", str(question.pk)),
        ]
    )
    assert {e.detail for e in events} == {"privacy erasure: 1 booking, 1 question, 1 couple record"}
    other_booking, other_record, other_question = bystanders
    assert Booking.objects.filter(pk=other_booking.pk).exists()
    assert CoupleRecord.objects.filter(pk=other_record.pk).exists()
    assert Question.objects.filter(pk=other_question.pk).exists()


def test_an_erasure_that_fails_part_way_erases_nothing(patient):
    booking, record, question, _key = patient
    events_before = AuditEvent.objects.count()

    def fail(**kwargs):
        raise RuntimeError("disk full")

    # Bookings and questions are deleted first; the records' deletion then fails.
    pre_delete.connect(fail, sender=CoupleRecord, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            services.erase(
                services.parse_lookup(bookings=booking.reference, questions=str(question.pk))
            )
    finally:
        pre_delete.disconnect(sender=CoupleRecord, dispatch_uid="test-fail")

    assert Booking.objects.filter(pk=booking.pk).exists()
    assert Question.objects.filter(pk=question.pk).exists()
    assert CoupleRecord.objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.count() == events_before


def test_an_unknown_identifier_finds_nothing_to_erase(staff_client):
    client = staff_client("admin")
    response = client.post("/staff/privacy/", {"action": "erase", "bookings": "ZZZZ2345"})
    assert response.status_code == 400
    assert "nothing found to erase" in response.content.decode()
    empty = client.post("/staff/privacy/", {"bookings": ""})
    assert empty.status_code == 400
    assert "give at least one" in empty.content.decode()


def test_what_was_not_found_is_named_by_reference_or_number_and_record_ids_only_counted(db):
    found = services.find(
        services.parse_lookup(bookings="ZZZZ2345", questions="999 " + "k" * 32, records="Zelda")
    )
    assert found.is_empty
    assert found.not_found == [
        "ZZZZ2345",
        "question 999",
        "1 private answer link(s)",
        "1 couple record id(s)",
    ]


def test_a_question_number_longer_than_any_database_id_is_refused_with_a_message(db):
    # Found by the large fuzz run: 40 nines reached the database, which refused the query.
    with pytest.raises(services.PrivacyError) as problem:
        services.parse_lookup(questions="9" * 40)
    assert str(problem.value) == "a question number has at most 18 digits"
    assert services.parse_lookup(questions="9" * 18).question_numbers == (10**18 - 1,)
    assert services.find(services.parse_lookup(questions="9" * 18)).is_empty
