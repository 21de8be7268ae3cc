"""Telling patients: a booking received, its appointment, an answer ready, a fresh answer link.

Each message goes in the patient's language by SMS (when they gave a phone number) and by
e-mail (when they gave an address) — only by the channels the patient typed to be reached by.
A message holds the clinic's own details, the booking reference, the appointment and links;
never the patient's name, history or question, since a phone's lock screen or a shared mailbox
may show it to someone else. Nothing here logs an address or a number: a failure is logged with
the object's reference and the channel only.
"""

from __future__ import annotations

from rpl.web.notify.messages import (
    Sent,
    answer_ready,
    appointment_confirmation,
    booking_received,
    fresh_answer_link,
)

__all__ = [
    "Sent",
    "answer_ready",
    "appointment_confirmation",
    "booking_received",
    "fresh_answer_link",
]
