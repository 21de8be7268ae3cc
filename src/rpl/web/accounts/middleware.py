"""The staff idle timeout without a database write on every patient page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def renew_staff_session(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Every request by a signed-in staff member renews the session (the idle timeout,
    SESSION_COOKIE_AGE). Django's SESSION_SAVE_EVERY_REQUEST would do it for every session,
    so a patient who had booked would write the session row on every page read afterwards:
    a write transaction per page view, queued behind bookings on SQLite (found by
    benchmarks/load.py)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.session.modified = True  # saved, with a new expiry, by SessionMiddleware
        return response

    return middleware
