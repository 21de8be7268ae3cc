"""Patients are told, in their language, by SMS and e-mail: the booking received, its
appointment, the answer ready, a fresh answer link. Mail goes through a real SMTP server
(aiosmtpd on loopback) and SMS through the file gateway."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.utils import timezone

from rpl.web.audit.models import AuditEvent
from rpl.web.bookings.models import Booking
from tests.web.clinic.helpers import make_booking, make_question

pytestmark = pytest.mark.django_db


def texts(inbox) -> list[str]:
    return [message.get_content() for _to, message in inbox.messages]


def test_a_booking_is_confirmed_in_the_patients_language_by_sms_and_e_mail(
    client, smtp, sms_outbox, booking_data, settings, django_capture_on_commit_callbacks
):
    settings.RPL_CLINIC_NAME = "Phòng khám Demo"
    booking_data["email"] = "lan@example.org"
    with django_capture_on_commit_callbacks(execute=True):  # sent once the booking is stored
        assert client.post("/vi/book/", booking_data).status_code == 302
    booking = Booking.objects.get()
    # The SMS: to the number she typed, in Vietnamese, with the reference and nothing of her.
    [sms] = sms_outbox()
    assert sms["to"] == "+84912345678"
    assert "đã nhận được yêu cầu khám của bạn" in sms["body"]
    assert booking.reference in sms["body"]
    # The e-mail to her, through the SMTP server (the clinic's own notice goes there too).
    to_patient = [m for rcpt, m in smtp.messages if rcpt == ["lan@example.org"]]
    assert len(to_patient) == 1
    assert booking.reference in to_patient[0]["Subject"]
    body = to_patient[0].get_content()
    assert "Phòng khám sẽ liên hệ với bạn" in body
    for private in ("Nguyễn", "Lan", "sảy thai", "0912", "+8491"):
        assert private not in body + sms["body"] + to_patient[0]["Subject"]
    details = set(
        AuditEvent.objects.filter(object_id=booking.reference).values_list("detail", flat=True)
    )
    assert {"booking received by sms", "booking received by email"} <= details


def test_a_booking_without_an_e_mail_address_gets_the_sms_only(
    client, smtp, sms_outbox, booking_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tr/book/", booking_data | {"preferred_language": "tr"})
    assert response.status_code == 302
    [sms] = sms_outbox()
    assert "randevu talebinizi aldı" in sms["body"]
    assert all(rcpt == ["clinic@localhost"] for rcpt, _m in smtp.messages)


def test_scheduling_tells_the_patient_the_time_in_the_clinics_zone_in_her_language(
    staff_client, make_staff, smtp, sms_outbox, settings
):
    settings.TIME_ZONE = "Asia/Shanghai"
    settings.RPL_CLINIC_ADDRESS = "1 Demo Road"
    settings.RPL_CLINIC_PHONE = "+86 10 1234 5678"
    booking = make_booking(preferred_language="zh-hans", email="li@example.org")
    doctor = make_staff("dr-wang", "clinician")
    client = staff_client("receptionist")
    day = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        f"/staff/bookings/{booking.reference}/",
        {
            "status": "scheduled",
            "appointment_date": day.isoformat(),
            "appointment_time": "14:30",
            "clinician": doctor.pk,
        },
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    local = timezone.localtime(booking.appointment_at)
    assert (local.date(), local.hour, local.minute) == (day, 14, 30)
    assert booking.appointment_at.astimezone(dt.UTC).hour == 6  # stored in UTC
    [sms] = sms_outbox()
    assert f"您的预约时间为 {day.isoformat()} 14:30（UTC+08:00）" in sms["body"]
    assert "地址：1 Demo Road" in sms["body"] and "+86 10 1234 5678" in sms["body"]
    [(rcpt, mail)] = smtp.messages
    assert rcpt == ["li@example.org"] and day.isoformat() in mail["Subject"]
    assert "Nguyễn" not in sms["body"] + mail.get_content()
    # Saving again without moving it tells nobody again; moving it does.
    client.post(
        f"/staff/bookings/{booking.reference}/",
        {
            "status": "scheduled",
            "appointment_date": day.isoformat(),
            "appointment_time": "14:30",
            "clinician": doctor.pk,
            "note": "she will come with her partner",
        },
    )
    assert len(sms_outbox()) == 1
    client.post(
        f"/staff/bookings/{booking.reference}/",
        {
            "status": "scheduled",
            "appointment_date": day.isoformat(),
            "appointment_time": "15:00",
            "clinician": doctor.pk,
        },
    )
    assert len(sms_outbox()) == 2 and "15:00" in sms_outbox()[-1]["body"]


def test_publishing_an_answer_tells_the_asker_by_each_channel_they_gave(
    staff_client, make_staff, smtp, sms_outbox
):
    question, key = make_question(
        "Tiroid testi gerekli mi?", language="tr", email="soru@example.org", phone="+905321234567"
    )
    doctor = staff_client("clinician")
    doctor.post(f"/staff/questions/{question.pk}/", {"action": "answer", "answer_text": "Evet."})
    doctor.post(f"/staff/questions/{question.pk}/", {"action": "publish"})
    [sms] = sms_outbox()
    assert sms["to"] == "+905321234567" and "Klinik sorunuzu yanıtladı" in sms["body"]
    [(rcpt, mail)] = smtp.messages
    assert rcpt == ["soru@example.org"]
    for private in (key, "Tiroid", "Evet"):
        assert private not in sms["body"] and private not in mail.get_content()
    actions = list(
        AuditEvent.objects.filter(object_type="question", object_id=str(question.pk))
        .exclude(action="view")
        .values_list("action", "detail")
    )
    assert ("sms", "answer ready by sms") in actions and (
        "email",
        "answer ready by email",
    ) in actions


def test_a_fresh_link_reaches_the_asker_and_the_old_link_stops_working(
    client, staff_client, smtp, sms_outbox
):
    question, old_key = make_question("Câu hỏi của tôi", language="vi", phone="+84912345678")
    assert client.get("/vi/ask/answer/", {"key": old_key}).status_code == 200
    receptionist = staff_client("receptionist")
    response = receptionist.post(f"/staff/questions/{question.pk}/", {"action": "resend"})
    assert response.status_code == 302
    [sms] = sms_outbox()
    assert sms["to"] == "+84912345678"
    assert "đường liên kết riêng mới" in sms["body"]
    link = next(word for word in sms["body"].split() if "/vi/ask/answer/?key=" in word)
    new_key = link.split("key=", 1)[1]
    assert new_key != old_key
    assert client.get("/vi/ask/answer/", {"key": new_key}).status_code == 200
    assert client.get("/vi/ask/answer/", {"key": old_key}).status_code == 404
    assert smtp.messages == []  # no e-mail address given: no e-mail
    assert "Câu hỏi" not in sms["body"]
    assert AuditEvent.objects.filter(action="resend", object_id=str(question.pk)).exists()


def test_a_fresh_link_is_refused_when_the_asker_gave_no_way_to_reach_them(staff_client, sms_outbox):
    question, _key = make_question()
    response = staff_client("receptionist").post(
        f"/staff/questions/{question.pk}/", {"action": "resend"}
    )
    assert response.status_code == 400
    assert "left no e-mail address or mobile number" in response.content.decode()
    assert sms_outbox() == []


def test_the_ask_form_takes_a_mobile_number_in_the_site_countrys_way(client, settings):
    from rpl.web.bookings.forms import new_form_token
    from rpl.web.questions.models import Question

    data = {
        "text": "Tôi có nên xét nghiệm tuyến giáp không?",
        "email": "",
        "phone": "0912 345 678",
        "consent": "on",
        "form_token": new_form_token(),
        "website": "",
    }
    assert client.post("/vi/ask/", data).status_code == 302
    assert Question.objects.get().phone == "+84912345678"
    wrong = client.post("/en/ask/", data | {"form_token": new_form_token()})
    assert wrong.status_code == 400
    assert "with + and the country code" in wrong.content.decode()


def test_a_failed_sms_is_logged_without_the_number_and_audited_as_failed(
    staff_client, make_staff, settings, caplog
):
    settings.RPL_SMS_BACKEND = "none"
    booking = make_booking(phone="+84987654321")
    day = timezone.localdate() + dt.timedelta(days=2)
    with caplog.at_level(logging.WARNING):
        staff_client("receptionist").post(
            f"/staff/bookings/{booking.reference}/",
            {
                "status": "scheduled",
                "appointment_date": day.isoformat(),
                "appointment_time": "08:00",
                "clinician": make_staff("dr-b", "clinician").pk,
            },
        )
    assert "+84987654321" not in caplog.text and "987654321" not in caplog.text
    assert f"booking {booking.reference}" in caplog.text
    assert AuditEvent.objects.filter(detail="appointment by sms (failed)").exists()
