from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rpl.web.bookings.forms import new_form_token
from tests.web.rate_limits import _fresh_rate_limits  # noqa: F401  (autouse fixture)


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
