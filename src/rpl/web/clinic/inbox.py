"""The booking and question inboxes: selectors and services for staff. Patient details stay in the booking; a couple record made
from a booking carries only its reference, the couple's language and the structured answers."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rpl.web.accounts.roles import CLINICIAN
from rpl.web.bookings.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, Booking, BookingNote
from rpl.web.questions.models import Question
from rpl.web.site.search import fold

logger = logging.getLogger("rpl.web.inbox")

OPEN_STATUSES = ("new", "contacted", "scheduled")
NOTE_MAX = 5000
PHONE_SEARCH_MIN_DIGITS = 4  # fewer digits would match most numbers
# status -> the statuses it may move to
BOOKING_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("contacted", "scheduled", "cancelled"),
    "contacted": ("scheduled", "cancelled"),
    "scheduled": ("done", "cancelled"),
    "done": (),
    "cancelled": (),
}


def _status_name(status: str) -> str:
    return str(dict(Booking.Status.choices).get(status, status))


class InboxError(ValueError):
    pass


def bookings(status: str = "open", query: str = "") -> QuerySet[Booking]:
    """Bookings by status ("open": new, contacted and scheduled), oldest request first, and,
    with a query, those whose name, phone number or reference matches it."""
    found = Booking.objects.select_related("clinician")
    if status == "open":
        found = found.filter(status__in=OPEN_STATUSES)
    elif status:
        found = found.filter(status=status)
    if query.strip():
        found = found.filter(search_condition(query))
    return found.order_by("created_at")


def search_condition(query: str) -> Q:
    """Name (every word, diacritics and case ignored), phone (its digits, typed in national
    form with a leading 0 or in international form) or reference (exactly)."""
    condition = Q(pk__in=[])
    words = fold(query).split()  # names: plain words, no patient-word synonyms
    if words:
        by_name = Q()
        for word in words:
            by_name &= Q(name_folded__contains=word)
        condition |= by_name
    digits = re.sub(r"\D", "", query)
    if len(digits) >= PHONE_SEARCH_MIN_DIGITS and not re.search(r"[^\d\s+().-]", query):
        condition |= Q(phone__contains=digits.lstrip("0"))
    reference = query.strip().upper()
    if len(reference) == REFERENCE_LENGTH and set(reference) <= set(REFERENCE_ALPHABET):
        condition |= Q(reference=reference)
    return condition


def day_appointments(day: dt.date) -> QuerySet[Booking]:
    """Scheduled bookings whose appointment falls on `day` in the clinic's time zone."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return (
        Booking.objects.filter(
            status=Booking.Status.SCHEDULED, appointment_at__gte=start, appointment_at__lt=end
        )
        .select_related("clinician")
        .order_by("appointment_at", "reference")
    )


def open_booking_count() -> int:
    return Booking.objects.filter(status="new").count()


@dataclass(frozen=True)
class BookingChange:
    """What one save of the booking form changed: audit details (codes and times, never what
    anyone typed) and whether the patient is to be told of an appointment."""

    details: tuple[str, ...]
    appointment_changed: bool


def local_appointment(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    """A date and time typed at the clinic, read in the clinic's zone."""
    if day is None or time is None:
        return None
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


@transaction.atomic
def update_booking(
    booking: Booking,
    *,
    status: str,
    author: Any,
    note: str = "",
    appointment_at: dt.datetime | None = None,
    clinician: Any = None,
) -> BookingChange:
    """Move a booking on, (re)schedule its appointment, add a note; all or nothing.

    A scheduled booking has an appointment in the future and a clinician. Notes are added,
    never changed.
    """
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    old = booking.status
    if status != old and status not in BOOKING_TRANSITIONS.get(old, ()):
        raise InboxError(
            _("a booking that is %(old)s cannot become %(new)s")
            % {"old": _status_name(old), "new": _status_name(status)}
        )
    details: list[str] = []
    appointment_changed = False
    if status == Booking.Status.SCHEDULED:
        if appointment_at is None:
            raise InboxError(_("a scheduled booking needs the appointment's date and time"))
        if clinician is None:
            raise InboxError(_("a scheduled booking needs the clinician the appointment is with"))
        if not clinicians().filter(pk=clinician.pk).exists():
            raise InboxError(_("appointments are with a clinician"))
        moved = appointment_at != booking.appointment_at
        if moved and appointment_at <= timezone.now():
            raise InboxError(_("the appointment must be in the future"))
        if moved:
            utc = appointment_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
            details.append(f"appointment {utc}")
        if booking.clinician_id != clinician.pk:
            details.append(f"clinician user {clinician.pk}")
        appointment_changed = moved or booking.clinician_id != clinician.pk
        booking.appointment_at = appointment_at
        booking.clinician = clinician
    elif appointment_at is not None and status == old:
        raise InboxError(_("choose the status Scheduled to give an appointment"))
    if status != old:
        details.insert(0, f"{old}→{status}")
    booking.status = status
    booking.save(update_fields=["status", "appointment_at", "clinician"])
    if note.strip():
        BookingNote.objects.create(
            booking=booking,
            text=note.strip()[:NOTE_MAX],
            author=author,
            author_username=author.get_username(),
        )
        details.append("note added")
    booking.refresh_from_db()
    return BookingChange(tuple(details), appointment_changed and status == "scheduled")


def record_initial_from_booking(booking: Booking) -> dict[str, Any]:
    """A record document to start from: no names or phone numbers, only the booking's
    reference (as the local id), and the self-check answers when the booking came from the
    self-check (built into rpl-couple/1 by `rpl.core.selfcheck.build_record`)."""
    document: dict[str, Any] = {
        "format": "rpl-couple/1",
        "id": f"booking-{booking.reference.lower()}",
        "woman": {},
        "pregnancies": [],
    }
    if isinstance(booking.selfcheck, dict):
        document.update(_from_selfcheck(booking.selfcheck))
    return document


def _from_selfcheck(answers_data: dict[str, Any]) -> dict[str, Any]:
    from pydantic import ValidationError

    from rpl.core.selfcheck import SelfCheckAnswers, build_record
    from rpl.web.profiles import choose_profile

    try:
        answers = SelfCheckAnswers.model_validate(answers_data)
    except ValidationError:
        return {}  # answers from an older form: start empty rather than guess
    # A live birth goes first only when the answer says so; "after" and "unsure" leave its
    # place to the clinician, as do ectopic and molar pregnancies (after the losses: the
    # self-check does not ask when they were).
    birth_at = 0 if answers.live_births == "before" else None
    limit = choose_profile().definition.loss_upper_limit_weeks
    built = build_record(answers, timezone.localdate(), birth_at, limit)
    return {"woman": built["woman"], "pregnancies": built["pregnancies"]}


# --- questions ------------------------------------------------------------------------------

OPEN_QUESTION_STATUSES = ("new", "assigned", "answered")


def questions(status: str = "open") -> QuerySet[Question]:
    found = Question.objects.select_related("assigned_to", "answered_by")
    if status == "open":
        found = found.filter(status__in=OPEN_QUESTION_STATUSES)
    elif status:
        found = found.filter(status=status)
    return found.order_by("created_at")


def open_question_count() -> int:
    return Question.objects.filter(status__in=OPEN_QUESTION_STATUSES).count()


def clinicians() -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    return (
        get_user_model().objects.filter(groups__name=CLINICIAN, is_active=True).order_by("username")
    )


@transaction.atomic
def assign_question(question: Question, clinician: Any) -> None:
    if question.status == "published":
        raise InboxError(_("this question is already answered and published"))
    if not clinicians().filter(pk=clinician.pk).exists():
        raise InboxError(_("questions go to a clinician"))
    question.assigned_to = clinician
    if question.status == "new":
        question.status = "assigned"
    question.save(update_fields=["assigned_to", "status"])


@transaction.atomic
def answer_question(question: Question, text: str, clinician: Any) -> None:
    """Write (or rewrite) the answer; the asker sees it only once it is published."""
    if question.status == "published":
        raise InboxError(_("a published answer cannot be changed"))
    text = text.strip()
    if not text:
        raise InboxError(_("write the answer first"))
    question.answer_text = text[:5000]
    question.answered_by = clinician
    question.answered_at = timezone.now()
    question.status = "answered"
    question.save(update_fields=["answer_text", "answered_by", "answered_at", "status"])


def publish_question(question: Question) -> list[Any]:
    """Show the answer at the asker's private link; tell them by the channels they gave (an
    e-mail address, a mobile number), in their language.

    The message holds neither the answer nor the link (only its hash is stored): it says the
    answer is ready at the link they kept. Returns what was sent (rpl.web.notify.Sent).
    """
    from rpl.web import notify

    with transaction.atomic():
        if question.status != "answered" or not question.answer_text.strip():
            raise InboxError(_("only an answered question can be published"))
        question.status = "published"
        question.published_at = timezone.now()
        question.save(update_fields=["status", "published_at"])
    return notify.answer_ready(question)


def resend_answer_link(question: Question, link_for: Callable[[str], str]) -> list[Any]:
    """A fresh private link, sent by the channel the asker gave; the old link stops working at
    once. `link_for(token)` makes the absolute link. Refused when the asker gave no channel."""
    from rpl.web import notify
    from rpl.web.questions.tokens import new_link_token, token_hash

    if not (question.email or question.phone):
        raise InboxError(_("the asker left no e-mail address or mobile number to send a link to"))
    token = new_link_token()
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(token_hash=token_hash(token))
    question.refresh_from_db()
    return notify.fresh_answer_link(question, link_for(token))
