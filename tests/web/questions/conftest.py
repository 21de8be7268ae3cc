from __future__ import annotations

import pytest
from django.core.cache import cache

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
def question_data():
    return {
        "text": "Sau hai lần sảy thai, tôi có nên xét nghiệm tuyến giáp không?",
        "email": "",
        "consent": "on",
        "form_token": new_form_token(),
        "website": "",
    }
