"""Dates inside engine sentences reach the reader in the form their language writes them."""

from __future__ import annotations

import pytest

from rpl.core.rules.aps import REPEAT_TEMPLATES
from rpl.core.text import fill
from rpl.present.translate import translator


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "3 March 2025"),
        ("vi", "03/03/2025"),
        ("zh-hans", "2025年3月3日"),
        ("tr", "03.03.2025"),
    ],
)
def test_a_repeat_test_date_is_written_as_the_readers_language_writes_dates(language, shown):
    sentence = fill(REPEAT_TEMPLATES["lupus_anticoagulant"], year=2025, month=3, day=3, weeks=12)
    text = translator(language).text(sentence)
    assert shown in text.text
    assert "2025-03-03" not in text.text


def test_a_number_that_is_not_a_date_is_left_alone():
    assert translator("vi")._local_dates("2025-13-45 and 12345-01-01") == (
        "2025-13-45 and 12345-01-01"
    )
