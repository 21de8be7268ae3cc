"""Privacy requests: everything held about one patient, found from what staff have, exported as
one JSON file or erased; and the retention period for closed bookings and answered questions.

A person is found by identifiers only (booking reference, question number or private answer
link, couple record id), never by name or phone. What belongs together is followed through
explicit links: a couple record started from a booking (`CoupleRecord.from_booking`) goes with
that booking and the other way round. Other bookings or questions with the same phone number or
e-mail address are *offered* (by reference or number), never added silently: a shared family
e-mail address must not erase someone else.

Every export and erasure writes audit events (one per item, action export or delete) whose
detail holds kinds and counts only; the audit trail itself is append-only and keeps them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rpl.web.audit.services import Action, ObjectType, record_event
from rpl.web.bookings.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, Booking
from rpl.web.questions.models import Question
from rpl.web.questions.tokens import looks_like_token, token_hash
from rpl.web.records.models import CoupleRecord

EXPORT_FORMAT = "rpl-privacy-export/1"
# Fields left out of an export, and why. Every other field of the three models is exported, so a
# field added later is exported until someone decides otherwise here.
NOT_EXPORTED: dict[type[models.Model], dict[str, str]] = {
    Booking: {
        "id": "internal row number (the reference identifies the booking)",
        "submission_token": "the form's one-time token, internal",
        "name_folded": "the name, folded for search (the name itself is exported)",
        "clinician": "a staff member, not the patient",
    },
    Question: {
        "id": "exported as `number`",
        "token_hash": "a hash of the private link; the link itself is not stored",
        "submission_token": "the form's one-time token, internal",
        "assigned_to": "a staff member, not the patient",
        "answered_by": "a staff member, not the patient",
    },
    CoupleRecord: {
        "id": "internal row number (local_id identifies the record)",
        "created_by": "a staff member, not the patient",
    },
}
_REFERENCE = re.compile(f"[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}")
_RECORD_ID = re.compile(r"[-a-zA-Z0-9_]{1,100}")
_SEPARATORS = re.compile(r"[\s,;]+")
CLOSED_BOOKING_STATUSES = (Booking.Status.DONE, Booking.Status.CANCELLED)


class PrivacyError(ValueError):
    """Bad input to a privacy request; the message never repeats what was typed."""


# A database id is a 64-bit integer: at most 19 digits, and any 18-digit number fits.
MAX_QUESTION_NUMBER_DIGITS = 18


@dataclass(frozen=True)
class Lookup:
    """What staff have to find one person by."""

    booking_references: tuple[str, ...] = ()
    question_numbers: tuple[int, ...] = ()
    question_keys: tuple[str, ...] = ()  # private answer link keys
    record_ids: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.booking_references
            or self.question_numbers
            or self.question_keys
            or self.record_ids
        )

    def as_fields(self) -> dict[str, str]:
        """The lookup as the form's fields (to carry it from one step to the next)."""
        return {
            "bookings": " ".join(self.booking_references),
            "questions": " ".join(
                [str(number) for number in self.question_numbers] + list(self.question_keys)
            ),
            "records": " ".join(self.record_ids),
        }


def _items(text: str) -> list[str]:
    return [item for item in _SEPARATORS.split(text.strip()) if item]


def parse_lookup(bookings: str = "", questions: str = "", records: str = "") -> Lookup:
    """Identifiers typed by staff (several per field, separated by spaces or commas).

    Questions are given by number or by the private answer link (or its key). Anything that
    cannot be an identifier of its kind is refused, without repeating it.
    """
    references = []
    for item in _items(bookings):
        reference = item.upper()
        if not _REFERENCE.fullmatch(reference):
            raise PrivacyError(
                _("a booking reference is %(n)d letters and digits, e.g. KM7P2QX9")
                % {"n": REFERENCE_LENGTH}
            )
        references.append(reference)
    numbers, keys = [], []
    for item in _items(questions):
        if item.isascii() and item.isdigit():
            # Longer than any database id (SQLite refused the query: a server error).
            if len(item) > MAX_QUESTION_NUMBER_DIGITS:
                raise PrivacyError(
                    _("a question number has at most %(n)d digits")
                    % {"n": MAX_QUESTION_NUMBER_DIGITS}
                )
            numbers.append(int(item))
            continue
        key = item
        if "key=" in item:
            key = parse_qs(urlsplit(item).query).get("key", [""])[0]
        if not looks_like_token(key):
            raise PrivacyError(_("give a question by its number or by the private answer link"))
        keys.append(key)
    record_ids = []
    for item in _items(records):
        if not _RECORD_ID.fullmatch(item):
            raise PrivacyError(_("a couple record id is letters, digits, - and _ only"))
        record_ids.append(item)
    return Lookup(
        booking_references=tuple(dict.fromkeys(references)),
        question_numbers=tuple(dict.fromkeys(numbers)),
        question_keys=tuple(dict.fromkeys(keys)),
        record_ids=tuple(dict.fromkeys(record_ids)),
    )


@dataclass
class Holdings:
    """What the clinic holds about one person, and what the lookup did not find."""

    bookings: list[Booking] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    records: list[CoupleRecord] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)  # references, numbers, counts
    # Others with the same phone number or e-mail address: offered, not included.
    same_contact_bookings: list[str] = field(default_factory=list)
    same_contact_questions: list[int] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.bookings or self.questions or self.records)

    def counts(self) -> dict[str, int]:
        return {
            "bookings": len(self.bookings),
            "questions": len(self.questions),
            "couple_records": len(self.records),
        }

    def summary(self) -> str:
        """E.g. "2 bookings, 1 question, 0 couple records": counts only, for audit details."""
        return counts_text(self.counts())

    def shown_summary(self) -> str:
        """The same counts in the staff user's language, for the page."""
        return counts_shown(self.counts())

    def identifiers(self) -> dict[str, list[str]]:
        return {
            "bookings": [booking.reference for booking in self.bookings],
            "questions": [str(question.pk) for question in self.questions],
            "couple_records": [record.local_id for record in self.records],
        }


def counts_text(counts: dict[str, int]) -> str:
    names = {
        "bookings": ("booking", "bookings"),
        "questions": ("question", "questions"),
        "couple_records": ("couple record", "couple records"),
    }
    return ", ".join(
        f"{count} {names[kind][0] if count == 1 else names[kind][1]}"
        for kind, count in counts.items()
    )


def counts_shown(counts: dict[str, int]) -> str:
    names = {
        "bookings": lambda n: ngettext("%(n)d booking", "%(n)d bookings", n),
        "questions": lambda n: ngettext("%(n)d question", "%(n)d questions", n),
        "couple_records": lambda n: ngettext("%(n)d couple record", "%(n)d couple records", n),
    }
    return ", ".join(names[kind](count) % {"n": count} for kind, count in counts.items())


def find(lookup: Lookup, *, for_update: bool = False) -> Holdings:
    """Everything the identifiers lead to, with explicitly linked bookings and records."""
    bookings_qs = Booking.objects.all()
    questions_qs = Question.objects.all()
    records_qs = CoupleRecord.objects.all()
    if for_update:
        bookings_qs = bookings_qs.select_for_update()
        questions_qs = questions_qs.select_for_update()
        records_qs = records_qs.select_for_update()

    bookings = {b.reference: b for b in bookings_qs.filter(reference__in=lookup.booking_references)}
    records = {r.local_id: r for r in records_qs.filter(local_id__in=lookup.record_ids)}
    by_number = {q.pk: q for q in questions_qs.filter(pk__in=lookup.question_numbers)}
    hashes = {token_hash(key): key for key in lookup.question_keys}
    by_key = {q.token_hash: q for q in questions_qs.filter(token_hash__in=hashes)}
    # Booking references and question numbers have a fixed shape and are shown as given; a
    # record id is free text to the person typing, so it is only counted (it might be a name
    # typed into the wrong field).
    not_found = [ref for ref in lookup.booking_references if ref not in bookings]
    not_found += [f"question {n}" for n in lookup.question_numbers if n not in by_number]
    if missing_links := sum(1 for h in hashes if h not in by_key):
        not_found.append(f"{missing_links} private answer link(s)")
    if missing_records := sum(1 for i in lookup.record_ids if i not in records):
        not_found.append(f"{missing_records} couple record id(s)")

    # Follow the explicit links both ways: booking -> records started from it, and back.
    for record in records_qs.filter(from_booking__in=list(bookings)):
        records.setdefault(record.local_id, record)
    linked_references = {r.from_booking for r in records.values() if r.from_booking} - set(bookings)
    for booking in bookings_qs.filter(reference__in=linked_references):
        bookings.setdefault(booking.reference, booking)

    questions = {**by_number, **{q.pk: q for q in by_key.values()}}
    phones = {b.phone for b in bookings.values() if b.phone}
    emails = {b.email.lower() for b in bookings.values() if b.email}
    emails |= {q.email.lower() for q in questions.values() if q.email}
    same_bookings = _same_contact_bookings(phones, emails)
    same_questions = _same_contact_questions(emails)
    return Holdings(
        bookings=sorted(bookings.values(), key=lambda b: (b.created_at, b.reference)),
        questions=sorted(questions.values(), key=lambda q: q.pk),
        records=sorted(records.values(), key=lambda r: r.local_id),
        not_found=not_found,
        same_contact_bookings=sorted(set(same_bookings) - set(bookings)),
        same_contact_questions=sorted(set(same_questions) - set(questions)),
    )


def _email_filter(field_name: str, emails: Iterable[str]) -> models.Q:
    condition = models.Q(pk__in=[])
    for email in emails:
        condition |= models.Q(**{f"{field_name}__iexact": email})
    return condition


def _same_contact_bookings(phones: set[str], emails: set[str]) -> list[str]:
    if not phones and not emails:
        return []
    condition = models.Q(phone__in=phones) | _email_filter("email", emails)
    return list(Booking.objects.filter(condition).values_list("reference", flat=True))


def _same_contact_questions(emails: set[str]) -> list[int]:
    if not emails:
        return []
    return list(
        Question.objects.filter(_email_filter("email", emails)).values_list("pk", flat=True)
    )


# --- export --------------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def exported_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name not in NOT_EXPORTED[model]]


def _row(instance: models.Model) -> dict[str, Any]:
    return {name: _value(getattr(instance, name)) for name in exported_fields(type(instance))}


def export_document(holdings: Holdings, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything held about the person, as one JSON-ready document."""
    questions = []
    for question in holdings.questions:
        row = _row(question)
        row = {"number": question.pk, **row}
        questions.append(row)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": (now or timezone.now()).isoformat(),
        "clinic": settings.RPL_CLINIC_NAME,
        "about": (
            "Everything this clinic's RPL Care holds about you: consultation requests "
            "(bookings), questions to the doctors with their answers, and couple records."
        ),
        "not_included": {
            model._meta.model_name: sorted(reasons) for model, reasons in NOT_EXPORTED.items()
        },
        "bookings": [
            {
                **_row(booking),
                # Staff notes about the booking, oldest first (their authors are staff).
                "notes": [
                    {"written_at": _value(note.written_at), "text": note.text}
                    for note in booking.notes.all()
                ],
            }
            for booking in holdings.bookings
        ],
        "questions": questions,
        "couple_records": [_row(record) for record in holdings.records],
    }


def export_json(holdings: Holdings, *, now: dt.datetime | None = None) -> str:
    return json.dumps(export_document(holdings, now=now), ensure_ascii=False, indent=2) + "\n"


def _audit_each(
    holdings: Holdings, action: str, detail: str, request: HttpRequest | None, actor: Any
) -> None:
    for kind, identifiers in (
        (ObjectType.BOOKING, [b.reference for b in holdings.bookings]),
        (ObjectType.QUESTION, [str(q.pk) for q in holdings.questions]),
        (ObjectType.COUPLE_RECORD, [r.local_id for r in holdings.records]),
    ):
        for identifier in identifiers:
            record_event(request, action, kind, identifier, detail=detail, actor=actor)


def record_export(
    holdings: Holdings, *, request: HttpRequest | None = None, actor: Any = None, via: str = ""
) -> None:
    """One audit event per exported item; the detail holds counts only."""
    detail = f"privacy export{via}: {holdings.summary()}"
    _audit_each(holdings, Action.EXPORT, detail, request, actor)


# --- erasure -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    counts: dict[str, int]
    identifiers: dict[str, list[str]]

    def summary(self) -> str:
        return counts_text(self.counts)


def erase(
    lookup: Lookup, *, request: HttpRequest | None = None, actor: Any = None, via: str = ""
) -> Erasure:
    """Delete everything the lookup finds, and write the audit events, in one transaction:
    all of it goes, or (on any error) none of it."""
    with transaction.atomic():
        holdings = find(lookup, for_update=True)
        if holdings.is_empty:
            raise PrivacyError(_("nothing found to erase"))
        erasure = Erasure(counts=holdings.counts(), identifiers=holdings.identifiers())
        _audit_each(
            holdings, Action.DELETE, f"privacy erasure{via}: {holdings.summary()}", request, actor
        )
        Booking.objects.filter(pk__in=[b.pk for b in holdings.bookings]).delete()
        Question.objects.filter(pk__in=[q.pk for q in holdings.questions]).delete()
        CoupleRecord.objects.filter(pk__in=[r.pk for r in holdings.records]).delete()
    return erasure


# --- retention -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    days: int
    cutoff: dt.datetime
    bookings: int
    questions: int
    applied: bool


def _expired(cutoff: dt.datetime) -> tuple[models.QuerySet[Booking], models.QuerySet[Question]]:
    bookings = Booking.objects.filter(status__in=CLOSED_BOOKING_STATUSES, created_at__lt=cutoff)
    questions = Question.objects.filter(status=Question.Status.PUBLISHED, published_at__lt=cutoff)
    return bookings, questions


def retention(days: int, *, apply: bool = False, now: dt.datetime | None = None) -> Retention:
    """Closed bookings (done or cancelled) created, and questions whose answer was published,
    more than `days` days ago. Counted only, unless `apply`: then deleted in one transaction
    with one audit event per kind (counts only)."""
    if days < 1:
        raise PrivacyError("the retention period must be at least one day")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    with transaction.atomic():
        bookings, questions = _expired(cutoff)
        if apply:
            counts = (
                bookings.delete()[1].get(Booking._meta.label, 0),
                questions.delete()[1].get(Question._meta.label, 0),
            )
            for kind, count, what in (
                (ObjectType.BOOKING, counts[0], "closed bookings"),
                (ObjectType.QUESTION, counts[1], "answered questions"),
            ):
                record_event(
                    None,
                    Action.DELETE,
                    kind,
                    detail=f"retention: {count} {what} older than {days} days",
                )
        else:
            counts = (bookings.count(), questions.count())
    return Retention(days, cutoff, counts[0], counts[1], apply)
