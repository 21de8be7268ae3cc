"""Inbox pages: bookings (receptionists and clinicians; a booking becomes a couple record) and
questions (anyone with the inbox assigns; clinicians answer and publish)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from rpl.web.accounts.access import deny, requires
from rpl.web.accounts.roles import can
from rpl.web.audit.services import Action, ObjectType, record_event
from rpl.web.bookings.models import Booking
from rpl.web.clinic import inbox
from rpl.web.clinic.views import _after_save, _profile_ids, _render_record_form, _save
from rpl.web.questions.models import Question
from rpl.web.records import forms as record_forms


@requires("bookings")
def booking_list(request: HttpRequest) -> HttpResponse:
    return _inbox_list(
        request, "clinic/booking_list.html", "bookings", inbox.bookings, Booking.Status.choices
    )


@requires("bookings")
def booking_detail(request: HttpRequest, reference: str) -> HttpResponse:
    booking = get_object_or_404(Booking, reference=reference)
    error = ""
    if request.method == "POST":
        try:
            detail = inbox.update_booking(
                booking,
                status=request.POST.get("status", booking.status),
                notes=request.POST.get("staff_notes", ""),
            )
        except inbox.InboxError as problem:
            error = str(problem)
        else:
            record_event(
                request, Action.STATUS, ObjectType.BOOKING, booking.reference, detail=detail
            )
            messages.success(request, "Booking updated.")
            return redirect("clinic:booking", reference=booking.reference)
    else:
        record_event(request, Action.VIEW, ObjectType.BOOKING, booking.reference)
    context = {
        "booking": booking,
        "next_statuses": inbox.BOOKING_TRANSITIONS.get(booking.status, ()),
        "error": error,
    }
    return render(request, "clinic/booking_detail.html", context, status=400 if error else 200)


@requires("records")
def booking_to_record(request: HttpRequest, reference: str) -> HttpResponse:
    """A new couple record started from a booking (prefilled; checked like any other)."""
    booking = get_object_or_404(Booking, reference=reference)
    if request.method == "POST":
        saved, bundle = _save(request, None, from_booking=booking.reference)
        if saved is None:
            return _render_record_form(request, bundle, None, status=400, booking=booking)
        record_event(
            request,
            Action.CREATE,
            ObjectType.COUPLE_RECORD,
            saved.local_id,
            detail=f"from booking {booking.reference}",
        )
        messages.success(request, "Record created from the booking.")
        return _after_save(request, saved)
    record_event(request, Action.VIEW, ObjectType.BOOKING, booking.reference, detail="start record")
    document = inbox.record_initial_from_booking(booking)
    initial = record_forms.initial_from_document(document, booking.preferred_language or "en")
    bundle = record_forms.bind_forms(initial=initial, profiles=_profile_ids())
    return _render_record_form(request, bundle, None, booking=booking)


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
                    raise inbox.InboxError("choose a clinician")
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
                mailed = inbox.publish_question(question)
                record_event(request, Action.PUBLISH, ObjectType.QUESTION, question.pk)
                if mailed:
                    record_event(request, Action.EMAIL, ObjectType.QUESTION, question.pk)
            else:
                raise inbox.InboxError("unknown action")
        except inbox.InboxError as problem:
            error = str(problem)
        else:
            messages.success(request, "Question updated.")
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
