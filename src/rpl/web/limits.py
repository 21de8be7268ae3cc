"""Limits on what a request may carry, enforced before any view sees it.

- Size: Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE only when a view reads it, and
  then as a bare 400 (inside the API it even became a server error). Content-Length is checked
  first here and answered with 413. File uploads count too: the only one is a couple record.
- NUL characters (U+0000): no text the site handles may contain one, and PostgreSQL cannot store
  or even compare one (a query with it fails), so a request with one anywhere it could reach
  the database is refused with 400: its address, query string, headers and cookies (checked
  by `HeaderChecksMiddleware`, first, before the session cookie is looked up), form fields,
  uploaded files, and any other body (raw, or as JSON's escape \\u0000, whatever its
  declared type: the API reads its body as JSON whatever the Content-Type says).

Each refusal comes in the shape the caller expects: the API's error body, a CDS Hooks error, or
a page of the site. Nothing of what was sent is repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from rpl.web.api.errors import error_body

API_PREFIX = "/api/"
PRIVATE_PREFIXES = ("/staff/", API_PREFIX, "/fhir/", "/cds-services")
CDS_PREFIX = "/cds-services"
NUL = "\x00"
NUL_PROBLEM = "text may not contain NUL characters"
HEADER_PROBLEM = "headers and cookies may not contain control characters"
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


def _file_has_nul(upload: UploadedFile) -> bool:
    found = any(b"\x00" in chunk for chunk in upload.chunks())
    upload.seek(0)
    return found


def carries_nul(request: HttpRequest) -> bool:
    if NUL in request.path or _any_nul(request.GET.lists()):
        return True
    if declared_length(request) == 0 and not request.META.get("HTTP_TRANSFER_ENCODING"):
        return False
    if request.method == "POST" and request.content_type in FORM_TYPES:
        if _any_nul(request.POST.lists()):
            return True
        return any(_file_has_nul(upload) for upload in request.FILES.values())
    # Any other body: a raw NUL, or JSON's escape for it (U+0000 written as \u0000).
    return b"\x00" in request.body or b"\\u0000" in request.body


def headers_carry_nul(request: HttpRequest) -> bool:
    """A NUL (or another control character but tab) in a header or cookie: no browser sends
    one, and a session cookie holding one reached the database before any view."""
    return any(
        isinstance(value, str) and any(ord(c) < 32 and c != "\t" for c in value)
        for name, value in request.META.items()
        if name.startswith("HTTP_") or name in ("CONTENT_TYPE", "CONTENT_LENGTH")
    )


def refusal(
    request: HttpRequest, status: int, detail: str, page: str, **context: str
) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(status, detail), status=status)
    if request.path.startswith(CDS_PREFIX):
        return JsonResponse({"error": detail}, status=status)
    return render(request, page, context, status=status)


class HeaderChecksMiddleware:
    """Before the session: refuses a request whose headers or cookies carry control
    characters before the session, CSRF or authentication middleware read them; marks every
    response of the staff area, the API, the FHIR face and CDS Hooks `no-store`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if headers_carry_nul(request):
            # LocaleMiddleware has not run yet: the page's language comes from the address.
            language = translation.get_language_from_path(request.path_info) or "en"
            with translation.override(language):
                response = refusal(request, 400, HEADER_PROBLEM, "400.html")
            response["X-Frame-Options"] = "DENY"
            return response
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES):
            # Staff pages, exports, reports, the API and the FHIR face hold patient data: no
            # cache (a proxy's or the browser's, on a shared clinic computer) may keep a copy.
            add_never_cache_headers(response)
        return response


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
