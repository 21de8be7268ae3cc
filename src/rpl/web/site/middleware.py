"""A public page that offers the browser's language (rpl.web.site.context_processors) differs
by the Accept-Language header: say so, so that no cache hands one visitor's page to another."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


def vary_on_language_suggestion(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if getattr(request, "rpl_reads_accept_language", False):
            patch_vary_headers(response, ("Accept-Language",))
        return response

    return middleware
