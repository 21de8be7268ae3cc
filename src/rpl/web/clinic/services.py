"""Changes made in the clinic workspace that are not record edits: rule reviews."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rpl.core.rules.catalogue import default_registry
from rpl.web.clinic.models import RuleReview
from rpl.web.clinic.selectors import rule_fingerprint


class ReviewError(ValueError):
    pass


@transaction.atomic
def record_review(*, rule_id: str, decision: str, note: str, reviewer: Any) -> RuleReview:
    """Record a clinician-admin's review of a rule as its citations stand today."""
    try:
        rule = default_registry().get(rule_id)
    except KeyError:
        raise ReviewError("unknown rule") from None
    if decision not in RuleReview.Decision.values:
        raise ReviewError("choose approve or ask for changes")
    note = note.strip()
    if decision == RuleReview.Decision.CHANGES_NEEDED and not note:
        raise ReviewError("say what needs to change in the note")
    return RuleReview.objects.create(
        rule_id=rule.id,
        fingerprint=rule_fingerprint(rule),
        decision=decision,
        note=note[:2000],
        reviewer=reviewer,
    )
