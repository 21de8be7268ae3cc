"""Every rule of the booking form, each with the message a person sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone

from rpl.web.bookings.forms import FORM_TOKEN_SALT, SELFCHECK_SALT, BookingForm


def errors(data, field):
    form = BookingForm(data)
    assert not form.is_valid()
    return [str(message) for message in form.errors[field]]


def test_a_complete_booking_is_valid_and_the_phone_is_stored_in_international_form(booking_data):
    form = BookingForm(booking_data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+84912345678"
    assert form.cleaned_data["name"] == "Nguyễn Thị Lan"
    assert form.cleaned_data["selfcheck"] is None


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "Enter your name."),
        ("phone", "Enter your phone number."),
        ("phone_country", "Choose the country of your phone number."),
        ("preferred_language", "Choose a language for the consultation."),
        ("earliest_date", "Enter the earliest date that suits you."),
        ("latest_date", "Enter the latest date that suits you."),
        ("time_of_day", "Choose a time of day."),
        ("consent", "Tick the box to agree, or the clinic cannot keep your request."),
    ],
)
def test_each_required_field_left_empty_gets_its_own_message(booking_data, field, message):
    booking_data[field] = ""
    assert errors(booking_data, field) == [message]


def test_email_and_history_may_be_left_empty(booking_data):
    booking_data.update(email="", history="")
    assert BookingForm(booking_data).is_valid()


def test_a_name_over_120_characters_is_refused(booking_data):
    booking_data["name"] = "A" * 121
    assert errors(booking_data, "name") == ["Enter a name of at most 120 characters."]


def test_spaces_in_a_name_are_tidied(booking_data):
    booking_data["name"] = "  Ayşe   Yılmaz "
    form = BookingForm(booking_data)
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Ayşe Yılmaz"


def test_an_oversized_history_is_refused_with_its_length(booking_data):
    booking_data["history"] = "x" * 2001
    assert errors(booking_data, "history") == [
        "Shorten this to at most 2000 characters (it has 2001)."
    ]


@pytest.mark.parametrize(
    ("country", "number", "stored"),
    [
        ("VN", "0912 345 678", "+84912345678"),  # Vietnamese mobile, national form
        ("VN", "+84 912 345 678", "+84912345678"),
        ("CN", "138 0013 8000", "+8613800138000"),  # Chinese mobile
        ("CN", "010 6552 9988", "+861065529988"),  # Beijing landline
        ("TR", "0532 123 45 67", "+905321234567"),  # Turkish mobile
        ("TR", "+90 212 555 12 12", "+902125551212"),  # Istanbul landline
        ("other", "+44 20 7946 0018", "+442079460018"),
        ("other", "0044 20 7946 0018", "+442079460018"),
        ("VN", "+90 532 123 45 67", "+905321234567"),  # a + number is read as international
    ],
)
def test_phone_numbers_of_viet_nam_china_turkey_and_elsewhere_are_accepted(
    booking_data, country, number, stored
):
    booking_data.update(phone_country=country, phone=number)
    form = BookingForm(booking_data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize(
    ("country", "number"),
    [
        ("VN", "12345"),  # too short
        ("VN", "0912 345 678 999"),  # too long
        ("CN", "0912 345 678"),  # a Vietnamese mobile is not a Chinese number
        ("TR", "0112 345 67 89"),  # no such Turkish area code
        ("VN", "not a number"),
    ],
)
def test_a_phone_number_that_is_not_valid_for_its_country_is_refused(booking_data, country, number):
    booking_data.update(phone_country=country, phone=number)
    assert errors(booking_data, "phone") == [
        "This is not a valid phone number for the country you chose."
    ]


def test_another_country_needs_the_plus_and_country_code(booking_data):
    booking_data.update(phone_country="other", phone="020 7946 0018")
    assert errors(booking_data, "phone") == [
        "Enter the number with + and the country code, for example +44 20 7946 0000."
    ]


def test_an_invalid_email_is_refused(booking_data):
    booking_data["email"] = "lan@"
    assert errors(booking_data, "email") == [
        "Enter an e-mail address like name@example.com, or leave it empty."
    ]


def test_a_date_that_does_not_exist_is_refused(booking_data):
    booking_data["earliest_date"] = "2026-02-30"
    assert errors(booking_data, "earliest_date") == ["Enter a real date, as year-month-day."]


def test_dates_in_the_past_are_refused(booking_data):
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    booking_data.update(earliest_date=yesterday, latest_date=yesterday)
    assert errors(booking_data, "earliest_date") == ["Choose today or a later date."]
    assert errors(booking_data, "latest_date") == ["Choose today or a later date."]


def test_today_is_a_possible_date(booking_data):
    today = timezone.localdate().isoformat()
    booking_data.update(earliest_date=today, latest_date=today)
    assert BookingForm(booking_data).is_valid()


def test_the_latest_date_cannot_come_before_the_earliest(booking_data):
    today = timezone.localdate()
    booking_data.update(
        earliest_date=(today + dt.timedelta(days=10)).isoformat(),
        latest_date=(today + dt.timedelta(days=5)).isoformat(),
    )
    assert errors(booking_data, "latest_date") == [
        "The latest date cannot be before the earliest date."
    ]


def test_dates_more_than_six_months_ahead_are_refused(booking_data):
    far = (timezone.localdate() + dt.timedelta(days=184)).isoformat()
    booking_data.update(earliest_date=far, latest_date=far)
    assert errors(booking_data, "earliest_date") == ["Choose a date within the next six months."]
    assert errors(booking_data, "latest_date") == ["Choose a date within the next six months."]


def test_an_unknown_language_or_time_of_day_is_refused(booking_data):
    booking_data.update(preferred_language="fr", time_of_day="night")
    form = BookingForm(booking_data)
    assert not form.is_valid()
    assert set(form.errors) == {"preferred_language", "time_of_day"}


def test_a_filled_honeypot_marks_the_form_as_sent_by_a_robot(booking_data):
    booking_data["website"] = "http://spam.example"
    form = BookingForm(booking_data)
    assert not form.is_valid()
    assert form.tripped_honeypot


def test_a_tampered_or_expired_form_token_is_refused_and_replaced(booking_data):
    booking_data["form_token"] = "forged"  # noqa: S105
    form = BookingForm(booking_data)
    assert errors(booking_data, "form_token") == [
        "This form has expired. Please check your answers and send it again."
    ]
    form.is_valid()
    form.refresh_expired_token()
    assert signing.loads(form.data["form_token"], salt=FORM_TOKEN_SALT)


def test_a_valid_form_token_is_kept_when_the_form_is_shown_again(booking_data):
    booking_data["name"] = ""
    form = BookingForm(booking_data)
    form.is_valid()
    form.refresh_expired_token()
    assert form.data["form_token"] == booking_data["form_token"]


def test_signed_self_check_answers_are_read_and_forged_ones_refused(booking_data):
    booking_data["selfcheck"] = signing.dumps({"losses": 3}, salt=SELFCHECK_SALT)
    form = BookingForm(booking_data)
    assert form.is_valid()
    assert form.cleaned_data["selfcheck"] == {"losses": 3}
    booking_data["selfcheck"] = signing.dumps({"losses": 3}, salt="another purpose")
    assert errors(booking_data, "selfcheck") == [
        "The self-check answers could not be read. Please do the self-check again."
    ]
