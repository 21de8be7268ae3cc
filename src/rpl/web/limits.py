"""Request size limits, enforced before anything reads the body.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE only when a view reads it, and then as a
bare 400 page (or, inside the API, as a server error before this module). This middleware looks
at Content-Length first and answers 413 in the shape the caller expects: the API's error body, a
CDS Hooks error, or a page of the site. File uploads count too: the only one is a couple record.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from rpl.web.api.errors import error_body

API_PREFIX = "/api/"
CDS_PREFIX = "/cds-services"


def body_limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def declared_length(request: HttpRequest) -> int:
    """The body size the client announced; Django reads nothing when it is missing or bad."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large(request: HttpRequest) -> HttpResponse:
    limit = body_limit()
    detail = f"the request body may be at most {limit} bytes"
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(413, detail), status=413)
    if request.path.startswith(CDS_PREFIX):
        return JsonResponse({"error": detail}, status=413)
    megabytes = f"{limit / 1_000_000:.1f}"
    return render(request, "site/too_large.html", {"megabytes": megabytes}, status=413)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) > body_limit():
            return too_large(request)
        return self.get_response(request)
