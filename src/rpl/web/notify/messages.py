"""The four messages to patients, built in the patient's language and sent by SMS and e-mail."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rpl.web.bookings.models import Booking
from rpl.web.notify.sms import SmsError, send_sms
from rpl.web.questions.models import Question

logger = logging.getLogger("rpl.web.notify")

BOOKING_RECEIVED = "booking received"
APPOINTMENT = "appointment"
ANSWER_READY = "answer ready"
FRESH_LINK = "fresh link"


@dataclass(frozen=True)
class Sent:
    """One message handed to a channel: what kind, which channel, whether it went."""

    kind: str
    channel: str  # "sms" or "email"
    ok: bool


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # the e-mail's text; the SMS is the same text


def _language(code: str) -> str:
    known = {language for language, _name in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def _clinic_call() -> str:
    phone = settings.RPL_CLINIC_PHONE
    return (
        _("To change it or for any question, call the clinic on %(phone)s.") % {"phone": phone}
        if phone
        else ""
    )


def _join(*sentences: str) -> str:
    return "\n".join(sentence for sentence in sentences if sentence)


def _utc_offset(moment: dt.datetime) -> str:
    offset = timezone.localtime(moment).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def booking_received_message(booking: Booking) -> Message:
    with translation.override(_language(booking.preferred_language)):
        values = {"clinic": settings.RPL_CLINIC_NAME, "reference": booking.reference}
        return Message(
            subject=_("%(clinic)s: your consultation request %(reference)s") % values,
            body=_join(
                _(
                    "%(clinic)s has received your request for a consultation. Your reference "
                    "is %(reference)s."
                )
                % values,
                _("The clinic will contact you to agree a date and time."),
                _clinic_call(),
            ),
        )


def appointment_message(booking: Booking) -> Message:
    if booking.appointment_at is None:
        raise ValueError("the booking has no appointment")
    local = timezone.localtime(booking.appointment_at)
    with translation.override(_language(booking.preferred_language)):
        values = {
            "clinic": settings.RPL_CLINIC_NAME,
            "reference": booking.reference,
            "date": local.strftime("%Y-%m-%d"),
            "time": local.strftime("%H:%M"),
            "zone": _utc_offset(booking.appointment_at),
            "address": settings.RPL_CLINIC_ADDRESS,
        }
        return Message(
            subject=_("%(clinic)s: your appointment on %(date)s") % values,
            body=_join(
                _(
                    "%(clinic)s: your appointment is on %(date)s at %(time)s (%(zone)s). "
                    "Reference %(reference)s."
                )
                % values,
                _("Address: %(address)s") % values if values["address"] else "",
                _clinic_call(),
            ),
        )


def answer_ready_message(question: Question) -> Message:
    with translation.override(_language(question.language)):
        values = {"clinic": settings.RPL_CLINIC_NAME}
        return Message(
            subject=_("%(clinic)s: your answer is ready") % values,
            body=_(
                "The clinic has answered your question. Open the private link you were given "
                "when you asked to read it. For your privacy, this message contains neither "
                "the answer nor the link."
            ),
        )


def fresh_link_message(question: Question, link: str) -> Message:
    with translation.override(_language(question.language)):
        values = {"clinic": settings.RPL_CLINIC_NAME, "link": link}
        return Message(
            subject=_("%(clinic)s: a new link to your answer") % values,
            body=_join(
                _("%(clinic)s: here is a new private link to the answer to your question:")
                % values,
                link,
                _("The link you had before no longer works. Keep this one to yourself."),
            ),
        )


def _deliver(kind: str, message: Message, phone: str, email: str, label: str) -> list[Sent]:
    """Send by each channel the patient gave. `label` names the object in a log line (a
    reference or a number, never an address)."""
    sent = []
    if phone:
        try:
            send_sms(phone, message.body)
        except SmsError as problem:
            logger.warning("could not send the %s SMS for %s: %s", kind, label, problem)
            sent.append(Sent(kind, "sms", ok=False))
        else:
            sent.append(Sent(kind, "sms", ok=True))
    if email:
        try:
            send_mail(message.subject, message.body, None, [email])
        except Exception as problem:  # the booking or answer stays; say it failed
            logger.warning(
                "could not send the %s e-mail for %s: %s", kind, label, type(problem).__name__
            )
            sent.append(Sent(kind, "email", ok=False))
        else:
            sent.append(Sent(kind, "email", ok=True))
    return sent


def booking_received(booking: Booking) -> list[Sent]:
    return _deliver(
        BOOKING_RECEIVED,
        booking_received_message(booking),
        booking.phone,
        booking.email,
        f"booking {booking.reference}",
    )


def appointment_confirmation(booking: Booking) -> list[Sent]:
    return _deliver(
        APPOINTMENT,
        appointment_message(booking),
        booking.phone,
        booking.email,
        f"booking {booking.reference}",
    )


def answer_ready(question: Question) -> list[Sent]:
    return _deliver(
        ANSWER_READY,
        answer_ready_message(question),
        question.phone,
        question.email,
        f"question {question.pk}",
    )


def fresh_answer_link(question: Question, link: str) -> list[Sent]:
    return _deliver(
        FRESH_LINK,
        fresh_link_message(question, link),
        question.phone,
        question.email,
        f"question {question.pk}",
    )
