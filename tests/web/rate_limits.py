"""The rate-limit fixture the patient-form tests share (bookings, questions)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


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
