from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.web.bookings.conftest import booking_data  # noqa: F401  (fixture)
from tests.web.notify.servers import smtp_server
from tests.web.rate_limits import _fresh_rate_limits  # noqa: F401  (autouse fixture)


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; the site's mail goes to it."""
    with smtp_server() as (inbox, port):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        yield inbox


@pytest.fixture
def sms_outbox(settings, tmp_path) -> Callable[[], list[dict[str, Any]]]:
    """The file SMS backend into a fresh folder; returns a reader of what was sent."""
    folder = tmp_path / "sms"
    settings.RPL_SMS_BACKEND = "file"
    settings.RPL_SMS_FILE_DIR = str(folder)

    def read() -> list[dict[str, Any]]:
        if not folder.exists():
            return []
        files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        return [json.loads(Path(p).read_text(encoding="utf-8")) for p in files]

    return read
