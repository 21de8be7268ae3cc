"""Inbox pages: bookings (receptionists and clinicians; a booking becomes a couple record) and
questions (anyone with the inbox assigns; clinicians answer and publish)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from rpl.web import notify
from rpl.web.accounts.access import deny, requires
from rpl.web.accounts.roles import can
from rpl.web.audit.services import Action, ObjectType, record_event
from rpl.web.bookings.models import Booking
from rpl.web.clinic import inbox
from rpl.web.clinic.inbox_forms import BookingUpdateForm
from rpl.web.clinic.views import (
    _after_save,
    _another_row,
    _profile_ids,
    _render_record_form,
    _save,
)
from rpl.web.questions.models import Question
from rpl.web.questions.views import answer_url
from rpl.web.records import forms as record_forms


@requires("bookings")
def booking_list(request: HttpRequest) -> HttpResponse:
    """The booking inbox: name, phone, requested window, reason, status and appointment of
    each, filtered by status and searched by name, phone or reference."""
    status = request.GET.get("status", "open")
    query = request.GET.get("q", "").strip()[:100]
    found = inbox.bookings(status, query)
    if query:
        # Who searched, never for what: the query may be a name or a phone number.
        record_event(request, Action.VIEW, ObjectType.PAGE, "clinic:bookings", detail="search")
    context = {
        "bookings": found[:LIST_LIMIT],
        "more": found.count() > LIST_LIMIT,
        "status": status,
        "statuses": Booking.Status.choices,
        "query": query,
    }
    return render(request, "clinic/booking_list.html", context)


@requires("bookings")
def booking_day(request: HttpRequest) -> HttpResponse:
    """The day's scheduled appointments, in the clinic's time zone."""
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    record_event(request, Action.VIEW, ObjectType.PAGE, "clinic:booking-day", detail=str(day))
    context = {
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "today": timezone.localdate(),
        "appointments": inbox.day_appointments(day),
    }
    return render(request, "clinic/booking_day.html", context)


@requires("bookings")
def booking_detail(request: HttpRequest, reference: str) -> HttpResponse:
    booking = get_object_or_404(Booking.objects.select_related("clinician"), reference=reference)
    form = BookingUpdateForm(booking=booking)
    error = ""
    if request.method == "POST":
        form = BookingUpdateForm(request.POST, booking=booking)
        if form.is_valid():
            try:
                change = inbox.update_booking(
                    booking,
                    status=form.cleaned_data["status"],
                    author=request.user,
                    note=form.cleaned_data["note"],
                    appointment_at=form.appointment_at(),
                    clinician=form.cleaned_data["clinician"],
                )
            except inbox.InboxError as problem:
                error = str(problem)
            else:
                for detail in change.details:
                    action = Action.STATUS if "→" in detail else Action.UPDATE
                    record_event(
                        request, action, ObjectType.BOOKING, booking.reference, detail=detail
                    )
                if change.appointment_changed:
                    booking.refresh_from_db()
                    _tell(request, booking, notify.appointment_confirmation(booking))
                messages.success(request, _("Booking updated."))
                return redirect("clinic:booking", reference=booking.reference)
        else:
            error = _("Check the form: %(problems)s") % {
                "problems": "; ".join(
                    str(message) for errors in form.errors.values() for message in errors
                )
            }
    else:
        record_event(request, Action.VIEW, ObjectType.BOOKING, booking.reference)
    context = {
        "booking": booking,
        "notes": booking.notes.all(),
        "form": form,
        "error": error,
    }
    return render(request, "clinic/booking_detail.html", context, status=400 if error else 200)


def _tell(request: HttpRequest, booking: Booking, sent: list[notify.Sent]) -> None:
    _audit_sent(request, ObjectType.BOOKING, booking.reference, sent)
    failed = [message.channel for message in sent if not message.ok]
    if failed:
        messages.warning(
            request,
            _("Could not send the message to the patient: %(channels)s.")
            % {"channels": ", ".join(failed)},
        )


def _audit_sent(
    request: HttpRequest, object_type: str, object_id: Any, sent: list[notify.Sent]
) -> None:
    """Audit each message sent to a patient (the channel and kind, never the address)."""
    for message in sent:
        record_event(
            request,
            Action.EMAIL if message.channel == "email" else Action.SMS,
            object_type,
            object_id,
            detail=f"{message.kind} by {message.channel}{'' if message.ok else ' (failed)'}",
        )


def _site_language(code: str) -> str:
    known = {language for language, _name in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


@requires("records")
def booking_to_record(request: HttpRequest, reference: str) -> HttpResponse:
    """A new couple record started from a booking (prefilled; checked like any other)."""
    booking = get_object_or_404(Booking, reference=reference)
    if request.method == "POST":
        if (page := _another_row(request, None, booking)) is not None:
            return page
        saved, bundle = _save(
            request,
            None,
            from_booking=booking.reference,
            audit=lambda r: record_event(
                request,
                Action.CREATE,
                ObjectType.COUPLE_RECORD,
                r.local_id,
                detail=f"from booking {booking.reference}",
            ),
        )
        if saved is None:
            return _render_record_form(request, bundle, None, status=400, booking=booking)
        messages.success(request, _("Record created from the booking."))
        return _after_save(request, saved)
    record_event(request, Action.VIEW, ObjectType.BOOKING, booking.reference, detail="start record")
    document = inbox.record_initial_from_booking(booking)
    initial = record_forms.initial_from_document(document, booking.preferred_language or "en")
    bundle = record_forms.bind_forms(initial=initial, profiles=_profile_ids())
    return _render_record_form(request, bundle, None, booking=booking)


LIST_LIMIT = 300


@requires("questions")
def question_list(request: HttpRequest) -> HttpResponse:
    return _inbox_list(
        request, "clinic/question_list.html", "questions", inbox.questions, Question.Status.choices
    )


def _inbox_list(
    request: HttpRequest,
    template: str,
    name: str,
    select: Callable[[str], QuerySet[Any]],
    statuses: list[tuple[str, str]],
) -> HttpResponse:
    """One inbox filtered by the `status` query parameter (open by default), at most 300 rows
    in the context as `name`."""
    status = request.GET.get("status", "open")
    context = {name: select(status)[:300], "status": status, "statuses": statuses}
    return render(request, template, context)


@requires("questions")
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "assign":
                chosen = request.POST.get("clinician", "")
                # Only a plain user id reaches the query: anything else chooses nobody.
                clinician = (
                    inbox.clinicians().filter(pk=int(chosen)).first()
                    if chosen.isascii() and chosen.isdigit() and len(chosen) <= 18
                    else None
                )
                if clinician is None:
                    raise inbox.InboxError(_("choose a clinician"))
                inbox.assign_question(question, clinician)
                record_event(
                    request,
                    Action.ASSIGN,
                    ObjectType.QUESTION,
                    question.pk,
                    detail=f"to user {clinician.pk}",
                )
            elif action in ("answer", "publish") and not can(request.user, "answer_questions"):
                return deny(request, "answer_questions")
            elif action == "answer":
                inbox.answer_question(question, request.POST.get("answer_text", ""), request.user)
                record_event(request, Action.ANSWER, ObjectType.QUESTION, question.pk)
            elif action == "publish":
                sent = inbox.publish_question(question)
                record_event(request, Action.PUBLISH, ObjectType.QUESTION, question.pk)
                _audit_sent(request, ObjectType.QUESTION, question.pk, sent)
            elif action == "resend":
                sent = inbox.resend_answer_link(
                    question,
                    lambda token: request.build_absolute_uri(
                        answer_url(token, _site_language(question.language))
                    ),
                )
                record_event(
                    request, Action.RESEND, ObjectType.QUESTION, question.pk, detail="old revoked"
                )
                _audit_sent(request, ObjectType.QUESTION, question.pk, sent)
            else:
                raise inbox.InboxError(_("unknown action"))
        except inbox.InboxError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Question updated."))
            return redirect("clinic:question", pk=question.pk)
    else:
        record_event(request, Action.VIEW, ObjectType.QUESTION, question.pk)
    context = {
        "question": question,
        "clinicians": inbox.clinicians(),
        "can_answer": can(request.user, "answer_questions"),
        "error": error,
    }
    return render(request, "clinic/question_detail.html", context, status=400 if error else 200)
