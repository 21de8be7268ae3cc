"""Authentication backends."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for every sign-in that comes with a request.

    Every sign-in form (staff login, Django admin) passes the request. Only code that calls
    `authenticate()` without one — Django's test client `login()` — is let through to the
    password check without a lockout check, instead of crashing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


USERNAME_MAX = 150  # Django's User.username


def lockout_username(request: Any, credentials: dict[str, Any] | None = None) -> str | None:
    """The username django-axes counts failures for, cut to what a username can be.

    Django's sign-in forms do not enforce the username's length (their max_length only sets the
    field's HTML attribute), so a 300-character username reached axes, whose table holds 255:
    a server error on PostgreSQL for anyone, signed in or not (found by the live fuzz run).
    """
    source = credentials if credentials else getattr(request, "POST", None) or {}
    value = source.get("username")
    return None if value is None else str(value)[:USERNAME_MAX]
