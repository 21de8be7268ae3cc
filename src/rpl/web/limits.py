"""Limits on what a request may carry, enforced before any view sees it.

- Size: Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE only when a view reads it, and
  then as a bare 400 (inside the API it even became a server error). Content-Length is checked
  first here and answered with 413. File uploads count too: the only one is a couple record.
- NUL characters (U+0000): no text the site handles may contain one, and PostgreSQL cannot store
  or even compare one (a query with it fails), so a request with one in its address, query
  string, form fields or JSON text is refused with 400.

Each refusal comes in the shape the caller expects: the API's error body, a CDS Hooks error, or
a page of the site. Nothing of what was sent is repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from rpl.web.api.errors import error_body

API_PREFIX = "/api/"
CDS_PREFIX = "/cds-services"
NUL = "\x00"
NUL_PROBLEM = "text may not contain NUL characters"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def body_limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def declared_length(request: HttpRequest) -> int:
    """The body size the client announced; Django reads nothing when it is missing or bad."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _any_nul(pairs: Iterable[tuple[str, list[object]]]) -> bool:
    return any(
        NUL in key or any(isinstance(v, str) and NUL in v for v in values) for key, values in pairs
    )


def carries_nul(request: HttpRequest) -> bool:
    if NUL in request.path or _any_nul(request.GET.lists()):
        return True
    if request.method == "POST" and request.content_type in FORM_TYPES:
        return _any_nul(request.POST.lists())
    if request.content_type and "json" in request.content_type:
        # JSON writes U+0000 as the escape \u0000 (a raw NUL is not valid JSON either).
        return b"\\u0000" in request.body or b"\x00" in request.body
    return False


def refusal(
    request: HttpRequest, status: int, detail: str, page: str, **context: str
) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(status, detail), status=status)
    if request.path.startswith(CDS_PREFIX):
        return JsonResponse({"error": detail}, status=status)
    return render(request, page, context, status=status)


class InputLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit()
        if declared_length(request) > limit:
            detail = f"the request body may be at most {limit} bytes"
            megabytes = f"{limit / 1_000_000:.1f}"
            return refusal(request, 413, detail, "site/too_large.html", megabytes=megabytes)
        if carries_nul(request):
            return refusal(request, 400, NUL_PROBLEM, "400.html")
        return self.get_response(request)
