"""The reception desk in a real browser, with patients in two languages: a Vietnamese and a
Turkish patient book on a phone and are told in their language by SMS; reception finds each
booking by name without diacritics or by phone, schedules it with a clinician, adds notes, and
sees it on the day view; the patient is told the appointment in their language."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from rpl.web.bookings.models import Booking
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_clinic_workspace_in_chromium import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATIENTS = {
    # language: (name, phone as typed, country, what the booking SMS says, the appointment SMS)
    "vi": ("Phạm Thị Thu", "0912 345 678", "VN", "đã nhận được yêu cầu khám", "lịch hẹn của bạn"),
    "tr": ("Ayşe Çelik", "0532 123 45 67", "TR", "randevu talebinizi aldı", "randevunuz"),
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def sms_outbox(settings, tmp_path):
    folder = tmp_path / "sms"
    settings.RPL_SMS_BACKEND = "file"
    settings.RPL_SMS_FILE_DIR = str(folder)
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"

    def read():
        files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        return [json.loads(p.read_text(encoding="utf-8")) for p in files]

    return read


def book_on_a_phone(page, base: str, language: str) -> None:
    name, phone, country, *_ = PATIENTS[language]
    today = dt.date.today()
    page.goto(f"{base}/{language}/book/")
    page.locator("[name=name]").fill(name)
    page.locator("[name=phone_country]").select_option(country)
    page.locator("[name=phone]").fill(phone)
    page.locator("[name=earliest_date]").fill((today + dt.timedelta(days=2)).isoformat())
    page.locator("[name=latest_date]").fill((today + dt.timedelta(days=20)).isoformat())
    page.locator("[name=time_of_day][value=morning]").check()
    page.locator("[name=history]").fill("2 lần sảy thai" if language == "vi" else "İki düşük")
    page.locator("[name=consent]").check()
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(f"{base}/{language}/book/thanks/")


@pytest.mark.parametrize("language", ["vi", "tr"])
def test_a_patient_books_and_reception_schedules_and_both_messages_are_in_her_language(
    live_server, desktop_page, make_staff, sms_outbox, language
):
    name, _phone, _country, received_words, appointment_words = PATIENTS[language]
    page = desktop_page
    page.set_viewport_size(PHONE)  # the patient, on her phone
    book_on_a_phone(page, live_server.url, language)
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)  # the reception desk
    booking = Booking.objects.get()
    [received] = sms_outbox()
    assert received_words in received["body"] and booking.reference in received["body"]
    assert name not in received["body"]

    doctor = make_staff("dr-minh", "clinician")
    doctor.first_name, doctor.last_name = "Minh", "Lê"
    doctor.save()
    make_staff("desk", "receptionist", password=PASSWORD)
    sign_in(page, live_server.url, "desk")
    page.get_by_role("link", name="Bookings").click()
    # Found by the name typed without its marks, and by the number the national way.
    plain = {"vi": "pham thu", "tr": "ayse celik"}[language]
    page.get_by_label("Name, phone or reference").fill(plain)
    page.get_by_role("button", name="Find").click()
    row = page.locator("table.bookings tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(name)
    expect(row).to_contain_text(booking.phone)
    page.get_by_label("Name, phone or reference").fill(_phone)
    page.get_by_role("button", name="Find").click()
    expect(page.locator("table.bookings tbody tr")).to_have_count(1)

    page.get_by_role("link", name=booking.reference).click()
    day = timezone.localdate() + dt.timedelta(days=3)
    page.get_by_label("Status").select_option("scheduled")
    page.get_by_label("Appointment date").fill(day.isoformat())
    page.get_by_label("Time").fill("09:30")
    page.get_by_label("Clinician").select_option(label="Minh Lê (dr-minh)")
    page.get_by_label("Add a note").fill("Called her; she will bring earlier results.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Booking updated.")).to_be_visible()
    expect(page.get_by_text("Called her; she will bring earlier results.")).to_be_visible()
    expect(page.locator(".notes")).to_contain_text("desk, ")
    expect(page.locator(".summary")).to_contain_text(f"{day.isoformat()} 09:30 (Asia/Ho_Chi_Minh")

    appointment = sms_outbox()[-1]
    assert appointment_words in appointment["body"]
    assert f"{day.isoformat()}" in appointment["body"] and "09:30" in appointment["body"]
    assert "UTC+07:00" in appointment["body"] and name not in appointment["body"]

    page.get_by_role("link", name="Day view").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(day.isoformat())
    appointments = page.locator("table.appointments tbody tr")
    expect(appointments).to_have_count(1)
    expect(appointments).to_contain_text("09:30")
    expect(appointments).to_contain_text("Minh Lê")
    expect(appointments).to_contain_text(name)
