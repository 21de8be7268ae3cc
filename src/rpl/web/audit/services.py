"""Writing to the audit trail. Every view and change of a couple record, booking or question
goes through `record_event`; callers pass ids and codes, never patient content."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rpl.web.audit.models import ACTIONS, OBJECT_TYPES, AuditEvent
from rpl.web.client import client_address


class ObjectType:
    COUPLE_RECORD = "couple_record"
    BOOKING = "booking"
    QUESTION = "question"
    RULE_REVIEW = "rule_review"  # before issue 18; now CONTENT_REVIEW
    PAGE = "page"
    CONTENT_REVIEW = "content_review"  # a sign-off decision, the review period, the report
    CLINIC_PROFILE = "clinic_profile"


class Action:
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    IMPORT = "import"
    REPORT = "report"
    ASSESS = "assess"
    STATUS = "status"
    ASSIGN = "assign"
    ANSWER = "answer"
    PUBLISH = "publish"
    EMAIL = "email"
    SMS = "sms"
    RESEND = "resend"
    DENIED = "denied"


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from (`rpl.web.client`: behind a proxy only when the
    deployment says so, RPL_BEHIND_PROXY)."""
    if request is None:
        return None
    return client_address(request) or None


def record_event(
    request: HttpRequest | None,
    action: str,
    object_type: str,
    object_id: Any = "",
    detail: str = "",
    actor: Any = None,
) -> AuditEvent:
    """Append one event. `actor` defaults to the request's user."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    authenticated = actor is not None and actor.is_authenticated
    return _append(
        request,
        action,
        object_type,
        object_id,
        detail,
        actor_id=actor.pk if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
    )


def record_api_event(
    request: HttpRequest, action: str, object_id: Any = "", detail: str = "", client: Any = None
) -> AuditEvent:
    """Append one event for a couple record read or changed through the JSON API or the FHIR
    face. The actor is the API client that held the token (`client`, else `request.auth`),
    named in the trail as "API client <name>"; the detail starts with "API"."""
    if client is None:
        client = getattr(request, "auth", None)
    name = getattr(client, "name", "") or "unknown"
    return _append(
        request,
        action,
        ObjectType.COUPLE_RECORD,
        object_id,
        f"API {detail}".strip(),
        actor_id=None,
        actor_username=f"API client {name}"[:150],
    )


def _append(
    request: HttpRequest | None,
    action: str,
    object_type: str,
    object_id: Any,
    detail: str,
    *,
    actor_id: int | None,
    actor_username: str,
) -> AuditEvent:
    if action not in ACTIONS or object_type not in OBJECT_TYPES:
        raise ValueError(f"unknown audit action or object type: {action}, {object_type}")
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_username=actor_username,
        object_type=object_type,
        object_id=str(object_id)[:100],
        action=action,
        ip_address=client_ip(request),
        detail=detail[:200],
    )
