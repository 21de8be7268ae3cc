"""ASGI entry point: `uvicorn rpl.web.asgi:application` (what `rpl serve` runs).

Why ASGI (uvicorn) rather than gunicorn's threaded WSGI worker: uvicorn reads each request on
its event loop, and Django's ASGI handler reads the whole body there before a view runs, so a
client that sends slowly (or not at all) holds a coroutine, not one of a few worker threads.
Ten such clients stopped the threaded server answering anyone (issue 20); see
docs/reliability.md. Each request's synchronous code (every view) runs in a thread of its own.

The access log is written here, not by uvicorn: uvicorn's own line carries the client address
and the query string (where the private answer link's key rides). Ours has neither, and escapes
control characters, so a `%0A` in an address cannot forge a second log line.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.core.asgi import get_asgi_application
from django.urls import get_resolver

from rpl.core.evidence import load_recommendations
from rpl.core.sources import load_sources
from rpl.core.triage import triage_rules

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("rpl.access")


def printable(text: str, limit: int = 300) -> str:
    """The text with every control or non-ASCII character escaped (\\n becomes \\x0a), cut to
    `limit`: what a log line may quote of an address a client chose."""
    escaped = "".join(c if " " <= c <= "~" else f"\\x{ord(c):02x}" for c in text[:limit])
    return escaped + ("..." if len(text) > limit else "")


class AccessLog:
    """One line per HTTP request: method, path (no query string), status, bytes, time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status, size = 0, 0

        async def logged_send(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        finally:
            elapsed = round((time.monotonic() - started) * 1000)
            access_log.info(
                '"%s %s" %s %s %sms',
                printable(str(scope.get("method", "")), 20),
                printable(str(scope.get("path", ""))),
                status or "-",
                size,
                elapsed,
            )


application = AccessLog(get_asgi_application())
# Import every view now rather than on the first request (the API, FHIR and CDS Hooks modules
# take seconds): each uvicorn worker imports this module when it starts, before it accepts a
# connection, so it answers its first request at once, also after a restart.
get_resolver().url_patterns  # noqa: B018  # the property loads the URL configuration
# The knowledge base the patient pages cite (cached once loaded; parsing it takes about a second).
load_sources()
load_recommendations()
triage_rules()
