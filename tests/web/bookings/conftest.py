from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from rpl.web.bookings.forms import new_form_token


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request):
    """Start each database test with no counts (the rate limits count in the database cache)."""
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    request.getfixturevalue("db")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def booking_data():
    """A complete, valid booking as the browser would send it."""
    today = timezone.localdate()
    return {
        "name": "Nguyễn Thị Lan",
        "phone_country": "VN",
        "phone": "0912 345 678",
        "email": "",
        "preferred_language": "vi",
        "earliest_date": (today + dt.timedelta(days=3)).isoformat(),
        "latest_date": (today + dt.timedelta(days=30)).isoformat(),
        "time_of_day": "morning",
        "history": "Ba lần sảy thai trước 10 tuần.",
        "consent": "on",
        "form_token": new_form_token(),
        "selfcheck": "",
        "website": "",
    }
