"""Per-client rate limits for the patient forms, counted in Django's cache.

No third-party service: a counter per (scope, client) in the cache, for a fixed window. The
client address is hashed before it becomes a cache key, so the cache holds no addresses.
With the default local-memory cache each gunicorn worker counts on its own; point CACHES at a
shared cache (database, Redis, Memcached) to count across workers.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the proxy's last X-Forwarded-For hop if trusted."""
    if settings.RPL_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(scope: str, address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{address}".encode()).hexdigest()[:32]
    return f"rpl-rate:{scope}:{digest}"


def limit_reached(scope: str, request: HttpRequest) -> bool:
    """True when this client has already used up the scope's allowance for the window."""
    allowed, _window = settings.RPL_RATE_LIMITS[scope]
    count = cache.get(_key(scope, client_address(request)), 0)
    return bool(count >= allowed)


def count(scope: str, request: HttpRequest) -> None:
    """Count one use. The window starts at the first use and is not extended by later ones."""
    _allowed, window = settings.RPL_RATE_LIMITS[scope]
    key = _key(scope, client_address(request))
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
