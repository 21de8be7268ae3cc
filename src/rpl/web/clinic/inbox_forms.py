"""The reception desk's booking form: status, appointment (date and time in the clinic's time
zone, and the clinician) and a new note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rpl.web.bookings.models import Booking
from rpl.web.clinic import inbox


class ClinicianChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else str(obj.get_username())


class BookingUpdateForm(forms.Form):
    # Free text checked by the service (inbox.update_booking), so that a refused move is
    # explained ("a cancelled booking cannot become new"); the menu offers the allowed ones.
    status = forms.CharField(label=_("Status"), max_length=20, widget=forms.Select)
    appointment_date = forms.DateField(
        label=_("Appointment date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    appointment_time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )
    clinician = ClinicianChoice(
        queryset=inbox.clinicians(),
        required=False,
        label=_("Clinician"),
        empty_label=_("no one yet"),
    )
    note = forms.CharField(
        label=_("Add a note"),
        required=False,
        max_length=inbox.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Notes are kept with your name and the time; they are never changed."),
    )

    def __init__(self, *args: Any, booking: Booking, **kwargs: Any) -> None:
        local = timezone.localtime(booking.appointment_at) if booking.appointment_at else None
        kwargs.setdefault(
            "initial",
            {
                "status": booking.status,
                "appointment_date": local.date() if local else None,
                "appointment_time": local.time().replace(second=0) if local else None,
                "clinician": booking.clinician_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = inbox.clinicians()
        labels = dict(Booking.Status.choices)
        allowed = (booking.status, *inbox.BOOKING_TRANSITIONS.get(booking.status, ()))
        status_field: Any = self.fields["status"]
        status_field.widget.choices = [
            (
                value,
                gettext("%(status)s (unchanged)") % {"status": labels[value]}
                if value == booking.status
                else labels[value],
            )
            for value in allowed
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, time = cleaned.get("appointment_date"), cleaned.get("appointment_time")
        if (day is None) != (time is None) and not self.errors:
            raise forms.ValidationError(gettext("Give both the appointment's date and its time."))
        return cleaned

    def appointment_at(self) -> dt.datetime | None:
        return inbox.local_appointment(
            self.cleaned_data.get("appointment_date"), self.cleaned_data.get("appointment_time")
        )
