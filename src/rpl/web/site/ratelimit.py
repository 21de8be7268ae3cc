"""Per-client rate limits for the patient forms, counted in Django's cache.

No third-party service: a counter per (scope, client) in the cache, for a fixed window. The
client address is hashed before it becomes a cache key, so the cache holds no addresses.
The cache is Django's database cache (settings.CACHES), so every gunicorn worker and every
server on the same database shares one count. Two requests at the same instant from one client
may both read the same count (the database cache has no atomic increment): the limit can be
passed by a request or two under a burst, never by a whole window's worth.

If the cache cannot be read or written (its table missing after an upgrade without `migrate`,
say), the limit is not applied and a warning is logged: a person must still be able to book.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest

from rpl.web.client import client_address

logger = logging.getLogger("rpl.ratelimit")


def _key(scope: str, address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{address}".encode()).hexdigest()[:32]
    return f"rpl-rate:{scope}:{digest}"


def _now() -> float:
    return time.time()


def _entry(value: object) -> tuple[int, float] | None:
    """A cache entry as (count, end of the window in epoch seconds); None if absent or odd."""
    if isinstance(value, tuple | list) and len(value) == 2:
        used, ends = value
        if isinstance(used, int) and isinstance(ends, int | float):
            return used, float(ends)
    return None


def limit_reached(scope: str, request: HttpRequest) -> bool:
    """True when this client has already used up the scope's allowance for the window."""
    allowed, _window = settings.RPL_RATE_LIMITS[scope]
    try:
        entry = _entry(cache.get(_key(scope, client_address(request))))
    except DatabaseError:
        logger.warning("rate limit not applied: the cache cannot be read (run migrate)")
        return False
    return entry is not None and entry[0] >= allowed


def count(scope: str, request: HttpRequest) -> None:
    """Count one use. The window starts at the first use and is not extended by later ones.

    The entry carries its own end, and each update is stored for the time left: Django's
    generic `incr` (which the database cache uses) would store the new count with the
    default timeout and so move the window.
    """
    _allowed, window = settings.RPL_RATE_LIMITS[scope]
    key = _key(scope, client_address(request))
    now = _now()
    try:
        if cache.add(key, (1, now + window), timeout=window):
            return
        entry = _entry(cache.get(key))
        left = math.ceil(entry[1] - now) if entry else 0
        if entry is None or left <= 0:  # expired since `add`, or unreadable: a new window
            cache.set(key, (1, now + window), timeout=window)
        else:
            cache.set(key, (entry[0] + 1, entry[1]), timeout=left)
    except DatabaseError:
        logger.warning("rate limit not counted: the cache cannot be written (run migrate)")
