"""The address a request came from, one answer for the whole site: the sign-in lockout
(django-axes), the audit trail and the patient forms' rate limits all ask `client_address`.

Behind a reverse proxy every request arrives from the proxy's address, so all clients would
share one lockout and one rate limit (anyone could lock every staff member out). When, and only
when, the deployment says it is behind a proxy (RPL_BEHIND_PROXY=1, docs/deployment.md), the
address is the last hop of X-Forwarded-For: the one the proxy itself added. Without that setting
the header is ignored, since any client can send it. A hop that is not an IP address is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address; "" when the server gave none that is an IP address."""
    if getattr(settings, "RPL_BEHIND_PROXY", False):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if hops and (address := _ip(hops[-1])):
            return address
    return _ip(str(request.META.get("REMOTE_ADDR") or "")) or ""
