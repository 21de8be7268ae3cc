"""The rate limits count in a cache every worker process shares (Django's database cache)."""

from __future__ import annotations

import datetime as dt
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from rpl.web.site import ratelimit
from tests.web.helpers import run

# One worker process: counts one booking from 192.0.2.10 and prints whether the limit is reached.
WORKER = textwrap.dedent(
    """
    import django
    django.setup()
    from django.conf import settings
    from django.test import RequestFactory
    from rpl.web.site import ratelimit
    settings.RPL_RATE_LIMITS = {**settings.RPL_RATE_LIMITS, "booking": (2, 3600)}
    request = RequestFactory().post("/en/book/", REMOTE_ADDR="192.0.2.10")
    held_back = ratelimit.limit_reached("booking", request)
    if not held_back:
        ratelimit.count("booking", request)
    print("held back" if held_back else "counted")
    """
)


def test_the_configured_cache_is_the_database_cache_not_one_per_process():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert "locmem" not in type(caches["default"]).__module__


@pytest.mark.django_db
def test_migrating_creates_the_cache_table():
    assert settings.CACHES["default"]["LOCATION"] in connection.introspection.table_names()


def test_two_worker_processes_share_one_count(rpl_env):
    env = {**rpl_env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings"}
    # Only the cache table (migrating creates it too: see the test above; this is quicker).
    created = run([sys.executable, "-m", "django", "createcachetable"], env)
    assert created.returncode == 0, created.stderr
    outputs = []
    for _ in range(3):  # three separate processes, as gunicorn workers are
        worker = run([sys.executable, "-c", WORKER], env)
        assert worker.returncode == 0, worker.stderr
        outputs.append(worker.stdout.strip())
    # Allowance 2: the third process sees the two uses the first two counted.
    assert outputs == ["counted", "counted", "held back"]


@pytest.mark.django_db
def test_later_uses_do_not_move_the_end_of_the_window(settings, monkeypatch):
    settings.RPL_RATE_LIMITS = {**settings.RPL_RATE_LIMITS, "booking": (3, 600)}
    request = RequestFactory().post("/en/book/", REMOTE_ADDR="192.0.2.20")
    key = ratelimit._key("booking", "192.0.2.20")
    cache.delete(key)
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_000.0)
    ratelimit.count("booking", request)
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_300.0)
    ratelimit.count("booking", request)
    assert cache.get(key) == (2, 1_000_600.0)
    assert not ratelimit.limit_reached("booking", request)
    ratelimit.count("booking", request)
    assert ratelimit.limit_reached("booking", request)


@pytest.mark.django_db
def test_the_cache_holds_no_client_address(settings):
    request = RequestFactory().post("/en/book/", REMOTE_ADDR="198.51.100.77")
    ratelimit.count("booking", request)
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {table}")  # our own table name
        rows = cursor.fetchall()
    assert rows
    assert not any("198.51.100.77" in f"{key}{value}" for key, value in rows)


@pytest.mark.django_db(transaction=True)
def test_without_its_table_the_limit_is_skipped_with_a_warning_and_booking_still_works(
    client, caplog
):
    from rpl.web.bookings.forms import new_form_token
    from rpl.web.bookings.models import Booking

    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {table}")
    try:
        today = timezone.localdate()
        response = client.post(
            "/en/book/",
            {
                "name": "Test Person",
                "phone_country": "VN",
                "phone": "0912 345 678",
                "preferred_language": "en",
                "earliest_date": today.isoformat(),
                "latest_date": (today + dt.timedelta(days=7)).isoformat(),
                "time_of_day": "any",
                "consent": "on",
                "form_token": new_form_token(),
                "website": "",
            },
        )
        assert response.status_code == 302
        assert Booking.objects.count() == 1
        assert "rate limit not applied" in caplog.text
    finally:
        call_command("createcachetable", verbosity=0)
