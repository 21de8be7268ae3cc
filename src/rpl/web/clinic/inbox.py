"""The booking and question inboxes: selectors and services for staff. Patient details stay in the booking; a couple record made
from a booking carries only its reference, the couple's language and the structured answers."""

from __future__ import annotations

import logging
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rpl.web.accounts.roles import CLINICIAN
from rpl.web.bookings.models import Booking
from rpl.web.questions.models import Question

logger = logging.getLogger("rpl.web.inbox")

OPEN_STATUSES = ("new", "contacted", "scheduled")
# status -> the statuses it may move to
BOOKING_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("contacted", "scheduled", "cancelled"),
    "contacted": ("scheduled", "cancelled"),
    "scheduled": ("done", "cancelled"),
    "done": (),
    "cancelled": (),
}


class InboxError(ValueError):
    pass


def bookings(status: str = "open") -> QuerySet[Booking]:
    """Bookings by status ("open": new, contacted and scheduled), oldest request first."""
    found = Booking.objects.all()
    if status == "open":
        found = found.filter(status__in=OPEN_STATUSES)
    elif status:
        found = found.filter(status=status)
    return found.order_by("created_at")


def open_booking_count() -> int:
    return Booking.objects.filter(status="new").count()


@transaction.atomic
def update_booking(booking: Booking, *, status: str, notes: str) -> str:
    """Move a booking on (or just change its notes); returns the audit detail."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    old = booking.status
    if status != old and status not in BOOKING_TRANSITIONS.get(old, ()):
        raise InboxError(f"a {old} booking cannot become {status}")
    booking.status = status
    booking.staff_notes = notes.strip()[:5000]
    booking.save(update_fields=["status", "staff_notes"])
    return f"{old}→{status}" if status != old else "notes"


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
    # place to the clinician.
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
        raise InboxError("this question is already answered and published")
    if not clinicians().filter(pk=clinician.pk).exists():
        raise InboxError("questions go to a clinician")
    question.assigned_to = clinician
    if question.status == "new":
        question.status = "assigned"
    question.save(update_fields=["assigned_to", "status"])


@transaction.atomic
def answer_question(question: Question, text: str, clinician: Any) -> None:
    """Write (or rewrite) the answer; the asker sees it only once it is published."""
    if question.status == "published":
        raise InboxError("a published answer cannot be changed")
    text = text.strip()
    if not text:
        raise InboxError("write the answer first")
    question.answer_text = text[:5000]
    question.answered_by = clinician
    question.answered_at = timezone.now()
    question.status = "answered"
    question.save(update_fields=["answer_text", "answered_by", "answered_at", "status"])


def publish_question(question: Question) -> bool:
    """Show the answer at the asker's private link; e-mail them if they left an address.

    The e-mail holds neither the answer nor the link (only its hash is stored): it says the
    answer is ready at the link they kept. Returns whether an e-mail was sent.
    """
    with transaction.atomic():
        if question.status != "answered" or not question.answer_text.strip():
            raise InboxError("only an answered question can be published")
        question.status = "published"
        question.published_at = timezone.now()
        question.save(update_fields=["status", "published_at"])
    if not question.email:
        return False
    with translation.override(question.language):
        subject = _("RPL Care: your answer is ready")
        body = _(
            "The clinic has answered your question. Open the private link you were given "
            "when you asked to read it. For your privacy, this e-mail contains neither the "
            "answer nor the link."
        )
    try:
        send_mail(subject, body, None, [question.email])
    except Exception:  # the answer is published; a mail failure must not undo that
        logger.exception("could not e-mail the asker of question %s", question.pk)
        return False
    return True
