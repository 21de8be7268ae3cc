"""A consultation request sent from the patient site. Staff work through them by `status`."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a reference is read out over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class Booking(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class TimeOfDay(models.TextChoices):
        ANY = "any", _("Any time")
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")

    reference = models.CharField(max_length=REFERENCE_LENGTH, unique=True, editable=False)
    # One per form shown: a second submission of the same form finds the first booking.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    staff_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, help_text="The site's language when sent."
    )

    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=20, help_text="E.164, e.g. +84912345678.")
    email = models.EmailField(blank=True)
    preferred_language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    earliest_date = models.DateField()
    latest_date = models.DateField()
    time_of_day = models.CharField(max_length=10, choices=TimeOfDay.choices, default="any")
    history = models.TextField(blank=True, max_length=2000)
    consent_given_at = models.DateTimeField()
    # The self-check answers, when the booking came from the self-check (structured, so the
    # clinic can start a couple record from them).
    selfcheck = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Booking {self.reference}"  # never the name: __str__ ends up in logs
