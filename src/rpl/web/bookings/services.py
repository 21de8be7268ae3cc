"""Storing a booking once, whatever happens to the request, and telling the clinic."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from rpl.web.bookings.models import Booking, new_reference

logger = logging.getLogger("rpl.bookings")


# The same answers sent again from the same browser within this time are the same request
# (a visitor who went back from the confirmation page and sent the form again).
RESUBMISSION_WINDOW = dt.timedelta(hours=1)
_SAME_REQUEST_FIELDS = ("name", "phone", "earliest_date", "latest_date", "history")


def same_request(booking: Booking, cleaned: dict[str, Any], *, recent: bool = True) -> bool:
    """The booking holds these answers (and, when `recent`, arrived within the window)."""
    if recent and timezone.now() - booking.created_at >= RESUBMISSION_WINDOW:
        return False
    return all(
        getattr(booking, field)
        == (cleaned.get(field) or "" if field == "history" else cleaned[field])
        for field in _SAME_REQUEST_FIELDS
    )


def create_booking(
    cleaned: dict[str, Any], language: str, previous_reference: str | None = None
) -> tuple[Booking, bool]:
    """(booking, created). A second submission of the same form returns the first booking,
    and so does the same request sent again from the browser that made `previous_reference`.

    Everything is written in one transaction: a failure leaves nothing behind.
    """
    token = cleaned["form_token"]
    existing = Booking.objects.filter(submission_token=token).first()
    if existing is None and previous_reference:
        previous = Booking.objects.filter(reference=previous_reference).first()
        if previous is not None and same_request(previous, cleaned):
            existing = previous
    if existing is not None:
        return existing, False
    for _attempt in range(5):  # a reference collision is astronomically rare; retry anyway
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    reference=new_reference(),
                    submission_token=token,
                    language=language,
                    name=cleaned["name"],
                    phone=cleaned["phone"],
                    email=cleaned.get("email") or "",
                    preferred_language=cleaned["preferred_language"],
                    earliest_date=cleaned["earliest_date"],
                    latest_date=cleaned["latest_date"],
                    time_of_day=cleaned["time_of_day"],
                    history=cleaned.get("history") or "",
                    consent_given_at=timezone.now(),
                    selfcheck=cleaned.get("selfcheck"),
                )
        except IntegrityError:
            # Either the same form arrived twice at once (the token is taken) or the
            # reference collided; the first case returns the booking already stored.
            existing = Booking.objects.filter(submission_token=token).first()
            if existing is not None:
                return existing, False
            continue
        transaction.on_commit(lambda booking=booking: notify_clinic(booking))
        transaction.on_commit(lambda booking=booking: tell_patient(booking))
        return booking, True
    raise RuntimeError("could not find a free booking reference")


def notify_clinic(booking: Booking) -> None:
    """Tell the clinic a request arrived. The message names the reference, never the patient."""
    subject = f"RPL Care: new consultation request {booking.reference}"
    body = (
        f"A new consultation request has arrived (reference {booking.reference}, "
        f"site language {booking.language}).\n"
        "Sign in to the RPL Care staff area to read it. The details are not sent by e-mail."
    )
    try:
        send_mail(subject, body, None, [settings.RPL_CLINIC_EMAIL])
    except Exception:  # the booking is stored; a mail failure must not lose it
        logger.exception("could not send the notification for booking %s", booking.reference)


def tell_patient(booking: Booking) -> None:
    """Confirm the request to the patient, by SMS and (if given) e-mail, in their language;
    each message sent is in the audit trail (channel and kind only)."""
    from rpl.web import notify
    from rpl.web.audit.services import Action, ObjectType, record_event

    for sent in notify.booking_received(booking):
        record_event(
            None,
            Action.SMS if sent.channel == "sms" else Action.EMAIL,
            ObjectType.BOOKING,
            booking.reference,
            detail=f"{sent.kind} by {sent.channel}{'' if sent.ok else ' (failed)'}",
        )
