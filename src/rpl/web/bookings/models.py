"""A consultation request sent from the patient site. Staff work through them by `status`."""

from __future__ import annotations

import secrets
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rpl.web.site.search import fold

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
    # When the booking is scheduled: the appointment (stored in UTC, shown in RPL_TIME_ZONE)
    # and the clinician it is with.
    appointment_at = models.DateTimeField(null=True, blank=True, db_index=True)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, help_text="The site's language when sent."
    )

    name = models.CharField(max_length=120)
    # The name folded for search (no diacritics, one i, lower case: rpl.web.site.search.fold),
    # so that reception finds "Nguyễn" by typing "nguyen". Kept in step by save().
    name_folded = models.CharField(max_length=120, blank=True, editable=False, db_index=True)
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = fold(self.name)[:120]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)


class NoteEditError(RuntimeError):
    """A booking note is never changed once written: add another one."""


class BookingNote(models.Model):
    """One staff note on a booking, kept with its author and time and never overwritten.

    Notes go when their booking goes (a privacy erasure or the retention period); otherwise
    they are only ever added to. The author is copied as a username too, so a removed account
    still leaves its name on what it wrote.
    """

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_username = models.CharField(max_length=150, blank=True)
    written_at = models.DateTimeField(default=timezone.now, db_index=True)
    # True for the single notes field of the bookings made before note history: their author
    # and time were not kept.
    from_before_history = models.BooleanField(default=False)

    class Meta:
        ordering = ("written_at", "id")

    def __str__(self) -> str:
        return f"note {self.pk} on {self.booking_id}"  # never the text: __str__ reaches logs

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            _refuse_edit()
        super().save(*args, **kwargs)


def _refuse_edit(*args: Any, **kwargs: Any) -> NoReturn:
    raise NoteEditError("booking notes are never changed; add a new note")
