"""Patient data never reaches a log: no request bodies, no query strings, no SQL parameters."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.conf import settings

from rpl.web.log_filters import DropQueryStrings, drop_query_strings

MARKER = "PATIENT-MARKER"


@pytest.fixture
def django_log() -> Iterator[io.StringIO]:
    """Everything the configured loggers let through, whatever its level."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(DropQueryStrings())
    loggers = [logging.getLogger(name) for name in ["django", "django.server", "rpl", ""]]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_requests_with_patient_data_leave_none_of_it_in_the_log(client, django_log):
    client.get(f"/no-such-page/?woman_age={MARKER}")
    client.post("/staff/login/", {"username": MARKER, "password": MARKER})
    client.post("/no-such-page/", {"symptoms": MARKER})
    log = django_log.getvalue()
    assert "Not Found: /no-such-page/" in log
    assert MARKER not in log


def test_no_log_handler_mails_or_dumps_requests():
    handlers = settings.LOGGING["handlers"]
    assert [handler["class"] for handler in handlers.values()] == ["logging.StreamHandler"]
    assert settings.LOGGING["loggers"]["django.db.backends"]["level"] == "WARNING"
    assert logging.getLogger("django.db.backends").getEffectiveLevel() == logging.WARNING


def test_query_strings_are_dropped_from_request_lines():
    assert (
        drop_query_strings('"GET /records/?name=x&age=36 HTTP/1.1" 200 5')
        == '"GET /records/ HTTP/1.1" 200 5'
    )
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /a?b=c HTTP/1.1", "200", "5"),
        None,
    )
    DropQueryStrings().filter(record)
    assert record.getMessage() == '"GET /a HTTP/1.1" 200 5'
