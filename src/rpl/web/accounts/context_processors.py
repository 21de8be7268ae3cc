from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rpl.web.accounts.roles import capabilities_of, roles_of


def sign_in(request: Any) -> dict[str, Any]:
    from django.conf import settings

    return {"oidc_enabled": settings.RPL_OIDC_ENABLED, "oidc_name": settings.RPL_OIDC_NAME}


def staff_roles(request: HttpRequest) -> dict[str, Any]:
    """`staff_roles` and `staff_can` (a set of capabilities) for menus; empty for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_roles": [], "staff_can": set()}
    return {"staff_roles": roles_of(user), "staff_can": capabilities_of(user)}
