"""The one role check every staff view goes through: `@requires("capability")`.

- not signed in: to the sign-in page (the `next` address is the path only, never a query);
- signed in with an authenticator set up but not yet confirmed this session: to the code page;
- signed in without the capability: 403, a warning in the log and an audit event. The log
  line names the user id, the page and the capability, never anything from the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_otp import user_has_device

from rpl.web.accounts.roles import CAPABILITIES, can
from rpl.web.audit.services import Action, ObjectType, record_event

logger = logging.getLogger("rpl.web.access")

View = Callable[..., HttpResponse]


def needs_second_factor(request: HttpRequest) -> bool:
    user = request.user
    verified = getattr(user, "is_verified", lambda: False)
    return bool(user.is_authenticated and user_has_device(user) and not verified())


def page_name(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match is not None else "unknown"


def deny(request: HttpRequest, capability: str) -> HttpResponse:
    page = page_name(request)
    logger.warning("access denied: user %s to %s (needs %s)", request.user.pk, page, capability)
    record_event(request, Action.DENIED, ObjectType.PAGE, page, detail=f"needs {capability}")
    return render(request, "staff/denied.html", {"capability": capability}, status=403)


def requires(capability: str) -> Callable[[View], View]:
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.path)
            if needs_second_factor(request):
                return redirect(
                    f"{_verify_url()}?{urlencode({'next': request.path})}",
                )
            if not can(request.user, capability):
                return deny(request, capability)
            return view(request, *args, **kwargs)

        checked.rpl_capability = capability  # type: ignore[attr-defined]
        return checked

    return decorate


def _verify_url() -> str:
    from django.urls import reverse

    return reverse("accounts:verify")
