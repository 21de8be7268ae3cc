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


@pytest.mark.django_db
def test_patient_forms_and_private_links_leave_no_patient_data_or_key_in_the_log(
    client, django_log, settings
):
    from django.core.cache import cache

    from rpl.web.bookings.forms import new_form_token

    cache.clear()
    settings.RPL_RATE_LIMITS = {"booking": (1, 60), "question": (1, 60)}
    token = new_form_token()
    booking = {"name": MARKER, "phone": MARKER, "history": MARKER, "form_token": token}
    client.post("/en/book/", booking)  # invalid: shown again with errors (400)
    client.post("/en/ask/", {"text": MARKER, "email": MARKER, "form_token": token})
    client.post(
        "/en/ask/", {"text": MARKER + " valid question", "consent": "on", "form_token": token}
    )
    client.post(
        "/en/ask/", {"text": MARKER + " second question", "consent": "on", "form_token": token}
    )
    client.get("/en/ask/answer/", {"key": MARKER})  # no such link (404)
    client.post("/en/warning-signs/", {"symptoms": MARKER})
    client.post("/en/self-check/", {"age": MARKER})
    log = django_log.getvalue()
    assert "Bad Request: /en/book/" in log
    assert "Not Found: /en/ask/answer/" in log
    assert MARKER not in log
    assert token not in log


@pytest.mark.django_db
def test_record_forms_and_refused_pages_leave_no_patient_data_in_the_log(staff_client, django_log):
    from tests.web.clinic.helpers import record_post

    clinician = staff_client("clinician")
    bad = record_post(MARKER.lower(), woman={"age_years": MARKER, "smoking": MARKER})
    assert clinician.post("/staff/records/new/", bad).status_code == 400
    clinician.post("/staff/records/import/", {"json": '{"id": "' + MARKER + '"'})
    clinician.post("/staff/calculators/prognosis-brigham-1999/", {"age_years": MARKER})
    clinician.logout()
    receptionist = staff_client("receptionist")
    receptionist.get(f"/staff/records/new/?woman={MARKER}")
    log = django_log.getvalue()
    assert "access denied" in log
    assert MARKER not in log
    assert MARKER.lower() not in log
