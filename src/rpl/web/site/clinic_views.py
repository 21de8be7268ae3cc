"""The clinic's own pages on the patient site: its privacy notice and its logo."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import cache_control

from rpl.web.site import privacy

LOGO_TYPES = {"image/svg+xml", "image/png", "image/jpeg", "image/webp"}


def privacy_page(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return render(request, "site/privacy.html", {"notice": privacy.clinic_notice(language)})


@cache_control(max_age=3600, public=True)
def clinic_logo(request: HttpRequest) -> FileResponse:
    """The file named by RPL_CLINIC_LOGO, served from this site (the CSP allows images from
    this site only); 404 when none is set."""
    configured = settings.RPL_CLINIC_LOGO
    path = Path(configured).expanduser() if configured else None
    content_type = mimetypes.guess_type(str(path))[0] if path else None
    if path is None or not path.is_file() or content_type not in LOGO_TYPES:
        raise Http404("no clinic logo")
    response = FileResponse(path.open("rb"), content_type=content_type)
    if content_type == "image/svg+xml":
        # An SVG can hold script: as an image it never runs, opened alone it must not either.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
