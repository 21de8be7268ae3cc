"""Appointment and clinician on a booking; staff notes become a history of notes, each with its
author and time. The one notes field a booking had is kept as its first note, marked as written
before the history began (its author and time were never recorded)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def notes_into_history(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    BookingNote = apps.get_model("bookings", "BookingNote")
    for booking in Booking.objects.exclude(staff_notes="").iterator():
        if booking.staff_notes.strip():
            BookingNote.objects.create(
                booking=booking,
                text=booking.staff_notes.strip(),
                written_at=booking.created_at,
                from_before_history=True,
            )


def fold_names(apps, schema_editor):
    from rpl.web.site.search import fold

    Booking = apps.get_model("bookings", "Booking")
    for booking in Booking.objects.all().iterator():
        Booking.objects.filter(pk=booking.pk).update(name_folded=fold(booking.name)[:120])


def history_into_notes(apps, schema_editor):
    """Back to one field: the notes joined, oldest first."""
    Booking = apps.get_model("bookings", "Booking")
    BookingNote = apps.get_model("bookings", "BookingNote")
    for booking in Booking.objects.all().iterator():
        texts = BookingNote.objects.filter(booking=booking).order_by("written_at", "id")
        joined = "\n\n".join(note.text for note in texts)
        if joined:
            Booking.objects.filter(pk=booking.pk).update(staff_notes=joined)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="appointment_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="booking",
            name="clinician",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="appointments",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="BookingNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=5000)),
                ("author_username", models.CharField(blank=True, max_length=150)),
                (
                    "written_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                ),
                ("from_before_history", models.BooleanField(default=False)),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "booking",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="bookings.booking",
                    ),
                ),
            ],
            options={
                "ordering": ("written_at", "id"),
            },
        ),
        migrations.AddField(
            model_name="booking",
            name="name_folded",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=120),
        ),
        migrations.RunPython(fold_names, migrations.RunPython.noop),
        migrations.RunPython(notes_into_history, history_into_notes),
        migrations.RemoveField(
            model_name="booking",
            name="staff_notes",
        ),
    ]
