"""Booking through the site: stored once, confirmed by reference, the clinic told, spam held off."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import DatabaseError

from rpl.web.bookings.models import REFERENCE_ALPHABET, Booking

pytestmark = pytest.mark.django_db

BOOK = "/en/book/"


def test_the_booking_form_labels_every_field_and_carries_a_one_time_token(client):
    page = client.get(BOOK).content.decode()
    for field, label in [
        ("name", "Your name"),
        ("phone", "Phone number"),
        ("email", "E-mail address"),
        ("earliest_date", "Earliest date that suits you"),
        ("history", "In a few words, why you would like a consultation"),
    ]:
        assert re.search(rf'<label for="id_{field}">{label}', page), field
    assert 'type="tel"' in page
    assert 'type="date"' in page
    assert 'name="form_token"' in page
    assert "Privacy notice" in page
    assert 'class="hp" aria-hidden="true"' in page


def test_the_form_offers_the_page_language_for_the_consultation(client):
    page = client.get("/tr/book/").content.decode()
    assert '<option value="tr" selected>Türkçe</option>' in page


def test_a_booking_is_stored_confirmed_by_reference_and_announced_to_the_clinic(
    client, booking_data, settings, django_capture_on_commit_callbacks
):
    settings.RPL_CLINIC_EMAIL = "rpl@clinic.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/vi/book/", booking_data)
    assert response.status_code == 302
    assert response["Location"] == "/vi/book/thanks/"  # nothing about the booking in the URL

    booking = Booking.objects.get()
    assert booking.status == "new"
    assert booking.language == "vi"
    assert booking.phone == "+84912345678"
    assert booking.name == "Nguyễn Thị Lan"
    assert booking.consent_given_at is not None
    assert len(booking.reference) == 8
    assert set(booking.reference) <= set(REFERENCE_ALPHABET)

    page = client.get(response["Location"]).content.decode()
    assert booking.reference in page
    assert "Mã số của bạn:" in page

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rpl@clinic.example"]
    assert booking.reference in message.subject
    for private in ["Nguyễn", "912345678", "sảy thai"]:
        assert private not in message.subject + message.body


def test_the_same_form_sent_twice_is_stored_once_and_confirms_the_same_reference(
    client, booking_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(BOOK, booking_data)
        second = client.post(BOOK, booking_data)
    assert first.status_code == second.status_code == 302
    assert Booking.objects.count() == 1
    reference = Booking.objects.get().reference
    assert reference in client.get("/en/book/thanks/").content.decode()
    assert len(mail.outbox) == 1


def test_two_different_forms_make_two_bookings_with_different_references(client, booking_data):
    from rpl.web.bookings.forms import new_form_token

    client.post(BOOK, booking_data)
    client.post(BOOK, {**booking_data, "form_token": new_form_token(), "history": "Other."})
    references = set(Booking.objects.values_list("reference", flat=True))
    assert len(references) == 2


def test_errors_are_shown_next_to_their_fields_and_nothing_is_stored(
    client, booking_data, django_capture_on_commit_callbacks
):
    booking_data.update(phone="12345", history="x" * 2001, consent="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BOOK, booking_data)
    assert response.status_code == 400
    page = response.content.decode()
    assert Booking.objects.count() == 0
    assert len(mail.outbox) == 0
    # Each message sits in the field's own block, tied to the input by aria-describedby.
    assert re.search(
        r'<ul class="errorlist" id="id_phone_error"><li>This is not a valid phone number',
        page,
    )
    assert re.search(r'<input type="tel" name="phone"[^>]*aria-invalid="true"', page)
    assert re.search(r'aria-describedby="id_phone_helptext id_phone_error"', page)
    assert 'id="id_history_error"' in page
    assert 'id="id_consent_error"' in page
    # The summary at the top links to each field.
    assert '<a href="#id_phone">This is not a valid phone number' in page
    # What the person typed is kept, so they only fix what is wrong.
    assert 'value="Nguyễn Thị Lan"' in page


def test_a_bad_submission_can_be_corrected_and_is_then_stored_once(client, booking_data):
    client.post(BOOK, {**booking_data, "phone": "12345"})
    client.post(BOOK, booking_data)
    client.post(BOOK, booking_data)
    assert Booking.objects.count() == 1


def test_a_robot_filling_the_honeypot_stores_nothing(client, booking_data):
    response = client.post(BOOK, {**booking_data, "website": "http://spam.example"})
    assert response.status_code == 429
    assert Booking.objects.count() == 0
    assert len(mail.outbox) == 0


def test_one_address_is_held_back_after_five_bookings_in_an_hour(client, booking_data, settings):
    from rpl.web.bookings.forms import new_form_token

    settings.RPL_RATE_LIMITS = {**settings.RPL_RATE_LIMITS, "booking": (5, 3600)}

    def another():
        return {**booking_data, "form_token": new_form_token(), "history": new_form_token()}

    for _ in range(5):
        assert client.post(BOOK, another()).status_code == 302
    refused = client.post(BOOK, another())
    assert refused.status_code == 429
    assert "Please try again later" in refused.content.decode()
    assert Booking.objects.count() == 5
    # Another address is not affected.
    other = client.post(BOOK, another(), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_a_database_failure_leaves_no_half_written_booking_and_sends_no_mail(
    client, booking_data, monkeypatch
):
    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Booking.objects, "create", fail)
    client.raise_request_exception = False
    response = client.post(BOOK, booking_data)
    assert response.status_code == 500
    assert Booking.objects.count() == 0
    assert len(mail.outbox) == 0


def test_the_confirmation_page_without_a_booking_sends_back_to_the_form(client):
    response = client.get("/en/book/thanks/")
    assert response.status_code == 302
    assert response["Location"] == BOOK


def test_a_booking_never_names_the_patient_when_printed(booking_data, client):
    client.post(BOOK, booking_data)
    booking = Booking.objects.get()
    assert str(booking) == f"Booking {booking.reference}"


def test_the_same_answers_sent_again_from_a_fresh_form_in_the_same_browser_are_one_request(
    client, booking_data
):
    from rpl.web.bookings.forms import new_form_token

    client.post(BOOK, booking_data)
    # The visitor went back, the browser fetched a new form, and they sent it again.
    client.post(BOOK, {**booking_data, "form_token": new_form_token()})
    assert Booking.objects.count() == 1
    # Different answers are a new request.
    client.post(BOOK, {**booking_data, "form_token": new_form_token(), "history": "Another."})
    assert Booking.objects.count() == 2
