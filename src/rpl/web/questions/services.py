"""Storing a question once and telling the clinic; finding it again from its private link."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from rpl.web.questions.models import Question
from rpl.web.questions.tokens import looks_like_token, private_token, token_hash

logger = logging.getLogger("rpl.questions")


def create_question(
    cleaned: dict[str, Any], language: str, browser_secret: str
) -> tuple[Question, str | None, bool]:
    """(question, private token, created). The same form sent twice gives the same question;
    its private token only when the same browser sent the same text (else None: whoever sends
    a copy of someone's form learns nothing of their question)."""
    form_token = cleaned["form_token"]
    token = private_token(form_token, browser_secret, cleaned["text"])
    existing = Question.objects.filter(submission_token=form_token).first()
    if existing is not None:
        return existing, _if_theirs(existing, token), False
    try:
        with transaction.atomic():
            question = Question.objects.create(
                text=cleaned["text"],
                language=language,
                email=cleaned.get("email") or "",
                phone=cleaned.get("phone") or "",
                consent_given_at=timezone.now(),
                token_hash=token_hash(token),
                submission_token=form_token,
            )
    except IntegrityError:  # the same form arrived twice at once
        existing = Question.objects.get(submission_token=form_token)
        return existing, _if_theirs(existing, token), False
    transaction.on_commit(lambda: notify_clinic(question))
    return question, token, True


def _if_theirs(question: Question, token: str) -> str | None:
    return token if hmac.compare_digest(question.token_hash, token_hash(token)) else None


def find_by_token(token: str) -> Question | None:
    if not looks_like_token(token):
        return None
    return Question.objects.filter(token_hash=token_hash(token)).first()


def notify_clinic(question: Question) -> None:
    """Tell the clinic a question arrived: its number and language, never its text."""
    subject = f"RPL Care: new question #{question.pk}"
    body = (
        f"A new question has arrived (number {question.pk}, language {question.language}).\n"
        "Sign in to the RPL Care staff area to read and answer it."
    )
    try:
        send_mail(subject, body, None, [settings.RPL_CLINIC_EMAIL])
    except Exception:  # the question is stored; a mail failure must not lose it
        logger.exception("could not send the notification for question %s", question.pk)
