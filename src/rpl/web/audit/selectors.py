"""Reading the audit trail for the admins' audit page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from rpl.web.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def audit_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Events matching every filter given, newest first. Dates are whole UTC days."""
    events = AuditEvent.objects.all()
    # Text longer than its column cannot match; SQLite would even refuse it as a LIKE pattern.
    if len(filters.actor) > _max_length("actor_username") or len(filters.object_id) > _max_length(
        "object_id"
    ):
        return events.none()
    if filters.actor:
        events = events.filter(actor_username__iexact=filters.actor)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.since:
        events = events.filter(at__date__gte=filters.since)
    if filters.until:
        events = events.filter(at__date__lte=filters.until)
    return events.order_by("-at", "-id")


def _max_length(field: str) -> int:
    return int(AuditEvent._meta.get_field(field).max_length or 0)
