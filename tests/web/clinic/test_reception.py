"""The reception desk: the booking list (name, phone, window, reason, status) and its search,
appointments with a clinician, the day view, a note history that is never overwritten, and an
audit event for every change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rpl.web.audit.models import AuditEvent
from rpl.web.bookings.models import BookingNote, NoteEditError
from rpl.web.clinic import inbox
from tests.web.clinic.helpers import make_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_bookings():
    return [
        make_booking("AAAA2222", name="Nguyễn Thị Lan", phone="+84912345678", history="Hai lần"),
        make_booking("BBBB3333", name="Ayşe Yılmaz", phone="+905321234567"),
        make_booking("CCCC4444", name="李娜", phone="+8613123456789", status="done"),
    ]


def found(query: str, status: str = "") -> list[str]:
    return [booking.reference for booking in inbox.bookings(status, query)]


def test_the_list_shows_name_phone_window_reason_and_status(staff_client, three_bookings):
    page = staff_client("receptionist").get("/staff/bookings/").content.decode()
    for shown in ("Nguyễn Thị Lan", "+84912345678", "2025-03-01 – 2025-03-20", "Hai lần", "New"):
        assert shown in page
    assert "李娜" not in page  # done: not in the open list


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen lan", ["AAAA2222"]),  # without the diacritics
        ("NGUYỄN", ["AAAA2222"]),
        ("ayse yilmaz", ["BBBB3333"]),  # Turkish ş and ı folded
        ("李", ["CCCC4444"]),
        ("0912 345 678", ["AAAA2222"]),  # the national way
        ("+84 912 345 678", ["AAAA2222"]),
        ("0532 123", ["BBBB3333"]),  # part of a number
        ("bbbb3333", ["BBBB3333"]),  # a reference, any case
        ("somebody else", []),
        ("12", []),  # too few digits to mean a phone number
    ],
)
def test_reception_finds_a_booking_by_name_phone_or_reference(three_bookings, query, expected):
    assert found(query) == expected


def test_the_search_page_keeps_the_query_out_of_the_audit_trail(staff_client, three_bookings):
    page = staff_client("receptionist").get("/staff/bookings/", {"q": "lan", "status": ""})
    assert "AAAA2222" in page.content.decode() and "BBBB3333" not in page.content.decode()
    event = AuditEvent.objects.get(object_id="clinic:bookings")
    assert event.detail == "search"


def test_scheduling_needs_a_future_time_and_a_clinician(make_staff, three_bookings):
    booking, receptionist = three_bookings[0], make_staff("desk", "receptionist")
    doctor = make_staff("dr-an", "clinician")
    soon = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(inbox.InboxError, match="needs the appointment's date and time"):
        inbox.update_booking(booking, status="scheduled", author=receptionist, clinician=doctor)
    with pytest.raises(inbox.InboxError, match="needs the clinician"):
        inbox.update_booking(booking, status="scheduled", author=receptionist, appointment_at=soon)
    with pytest.raises(inbox.InboxError, match="appointments are with a clinician"):
        inbox.update_booking(
            booking,
            status="scheduled",
            author=receptionist,
            appointment_at=soon,
            clinician=receptionist,
        )
    with pytest.raises(inbox.InboxError, match="must be in the future"):
        inbox.update_booking(
            booking,
            status="scheduled",
            author=receptionist,
            appointment_at=timezone.now() - dt.timedelta(hours=1),
            clinician=doctor,
        )
    booking.refresh_from_db()
    assert (booking.status, booking.appointment_at, booking.notes.count()) == ("new", None, 0)


def test_a_refused_change_adds_no_note_either(staff_client, three_bookings):
    booking = three_bookings[0]
    response = staff_client("receptionist").post(
        f"/staff/bookings/{booking.reference}/", {"status": "scheduled", "note": "try"}
    )
    assert response.status_code == 400
    assert booking.notes.count() == 0


def test_notes_are_kept_with_author_and_time_and_never_overwritten(staff_client, three_bookings):
    booking = three_bookings[0]
    client = staff_client("receptionist")
    for text in ("called, no answer", "called again, she will come"):
        client.post(f"/staff/bookings/{booking.reference}/", {"status": "new", "note": text})
    notes = list(booking.notes.all())
    assert [n.text for n in notes] == ["called, no answer", "called again, she will come"]
    assert {n.author_username for n in notes} == {"receptionist"}
    page = client.get(f"/staff/bookings/{booking.reference}/").content.decode()
    assert "called, no answer" in page and "receptionist, <time" in page
    notes[0].text = "rewritten"
    with pytest.raises(NoteEditError):
        notes[0].save()
    assert BookingNote.objects.filter(text="rewritten").count() == 0
    assert AuditEvent.objects.filter(object_id=booking.reference, detail="note added").count() == 2


def test_the_day_view_lists_that_days_appointments_in_the_clinics_zone(
    staff_client, make_staff, three_bookings, settings
):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    doctor = make_staff("dr-an", "clinician")
    doctor.first_name, doctor.last_name = "An", "Trần"
    doctor.save()
    day = timezone.localdate() + dt.timedelta(days=2)
    zone = timezone.get_current_timezone()
    early = dt.datetime.combine(day, dt.time(0, 30), tzinfo=zone)  # the day before in UTC
    late = dt.datetime.combine(day, dt.time(16, 0), tzinfo=zone)
    lan, ayse, _li = three_bookings
    author = make_staff("desk", "receptionist")
    inbox.update_booking(
        ayse, status="scheduled", author=author, appointment_at=late, clinician=doctor
    )
    inbox.update_booking(
        lan, status="scheduled", author=author, appointment_at=early, clinician=doctor
    )
    assert [b.reference for b in inbox.day_appointments(day)] == ["AAAA2222", "BBBB3333"]
    assert list(inbox.day_appointments(day + dt.timedelta(days=1))) == []
    page = staff_client("receptionist").get("/staff/bookings/day/", {"date": day.isoformat()})
    text = page.content.decode()
    assert text.index("00:30") < text.index("16:00")
    assert "An Trần" in text and "Nguyễn Thị Lan" in text and "Asia/Ho_Chi_Minh" in text
    today = staff_client("clinician").get("/staff/bookings/day/", {"date": "not a date"})
    assert today.status_code == 200 and "No appointments on this day." in today.content.decode()


def test_the_migration_keeps_each_old_notes_field_as_the_first_note(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("bookings", "0001_initial")]
    after = [("bookings", "0002_appointment_and_note_history")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldBooking = old_apps.get_model("bookings", "Booking")
    OldBooking.objects.create(
        reference="OLDN2345",
        submission_token="t-old",  # noqa: S106  # not a password
        language="vi",
        name="Đỗ Thị Hoa",
        phone="+84912345678",
        preferred_language="vi",
        earliest_date=dt.date(2025, 1, 1),
        latest_date=dt.date(2025, 1, 9),
        consent_given_at=timezone.now(),
        staff_notes="called twice",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new_apps = executor.loader.project_state(after).apps
    Note = new_apps.get_model("bookings", "BookingNote")
    NewBooking = new_apps.get_model("bookings", "Booking")
    [note] = Note.objects.all()
    assert (note.text, note.from_before_history, note.author_id) == ("called twice", True, None)
    assert NewBooking.objects.get(reference="OLDN2345").name_folded == "do thi hoa"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
