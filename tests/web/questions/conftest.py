from __future__ import annotations

import pytest

from rpl.web.bookings.forms import new_form_token
from tests.web.rate_limits import _fresh_rate_limits  # noqa: F401  (autouse fixture)


@pytest.fixture
def question_data():
    return {
        "text": "Sau hai lần sảy thai, tôi có nên xét nghiệm tuyến giáp không?",
        "email": "",
        "consent": "on",
        "form_token": new_form_token(),
        "website": "",
    }
