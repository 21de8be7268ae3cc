from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest

from rpl.web.accounts.roles import capabilities_of, roles_of


def staff_roles(request: HttpRequest) -> dict[str, Any]:
    """`staff_roles` and `staff_can` (a set of capabilities) for menus; empty for visitors."""
    user = getattr(request, "user", None)
    inboxes_ready = inboxes_installed()
    if user is None or not user.is_authenticated:
        return {"staff_roles": [], "staff_can": set(), "inboxes_ready": inboxes_ready}
    return {
        "staff_roles": roles_of(user),
        "staff_can": capabilities_of(user),
        "inboxes_ready": inboxes_ready,
    }


def inboxes_installed() -> bool:
    """The booking and question inboxes need the patient site's apps."""
    return apps.is_installed("rpl.web.bookings") and apps.is_installed("rpl.web.questions")
