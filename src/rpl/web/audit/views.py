from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rpl.web.accounts.access import requires
from rpl.web.audit.models import ACTIONS, OBJECT_TYPES
from rpl.web.audit.selectors import AuditFilters, audit_events


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@requires("audit")
def event_list(request: HttpRequest) -> HttpResponse:
    """The audit trail for admins, newest first, with filters."""
    filters = AuditFilters(
        actor=request.GET.get("actor", "").strip(),
        object_type=request.GET.get("object_type", ""),
        object_id=request.GET.get("object_id", "").strip(),
        action=request.GET.get("action", ""),
        since=_date(request.GET.get("since")),
        until=_date(request.GET.get("until")),
    )
    page = Paginator(audit_events(filters), 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "object_types": list(OBJECT_TYPES.items()),
        "actions": list(ACTIONS.items()),
        "query": query.urlencode(),
    }
    return render(request, "audit/event_list.html", context)
