"""The clinic's sign-off as plain data (rpl.core.governance) and practice overrides in profiles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rpl.core.governance import DEFAULT_REVIEW_MONTHS, add_months, state_of
from rpl.core.profiles import ProfileError, load_profiles

TODAY = dt.date(2026, 12, 7)


def test_a_review_is_due_the_same_day_two_years_later_by_default():
    assert DEFAULT_REVIEW_MONTHS == 24
    assert add_months(dt.date(2026, 12, 7), 24) == dt.date(2028, 12, 7)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_an_item_never_reviewed_awaits_review():
    assert state_of(None, None, "h1", None, 24, TODAY) == "awaiting"


def test_an_approval_holds_for_the_version_approved_only():
    approved = dt.date(2026, 1, 1)
    assert state_of("approved", "h1", "h1", approved, 24, TODAY) == "approved"
    assert state_of("approved", "h1", "h2", approved, 24, TODAY) == "stale"
    assert state_of("overridden", "h1", "h1", approved, 24, TODAY) == "overridden"
    assert state_of("changes_needed", "h1", "h1", approved, 24, TODAY) == "changes_needed"
    assert state_of("changes_needed", "h1", "h2", approved, 24, TODAY) == "stale"


def test_an_approval_expires_after_the_clinics_period():
    approved = dt.date(2025, 12, 7)
    assert state_of("approved", "h1", "h1", approved, 12, TODAY) == "expired"
    assert state_of("approved", "h1", "h1", approved, 13, TODAY) == "approved"
    assert state_of("overridden", "h1", "h1", approved, 12, TODAY) == "expired"


PRACTICE = """
id: our-clinic
title: Our clinic
extends: eshre-2022
practice:
  - rule: NP02
    code: progesterone_no_bleeding
    recommendation: conditional
    reason: Our clinicians offer progesterone from the first scan after two losses.
"""


def test_a_clinic_profile_carries_its_practice_overrides_and_its_child_inherits_them():
    child = "id: our-ward\ntitle: Our ward\nextends: our-clinic\n"
    profiles = load_profiles(extra_texts=[("our-clinic", PRACTICE), ("our-ward", child)])
    override = profiles["our-clinic"].practice[0]
    assert (override.rule, override.code, override.recommendation) == (
        "NP02",
        "progesterone_no_bleeding",
        "conditional",
    )
    assert profiles["our-ward"].practice == profiles["our-clinic"].practice
    assert profiles["eshre-2022"].practice == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("    reason: too short\n", "practice"),
        ("    recommendation: always\n", "practice"),
    ],
)
def test_a_practice_override_without_a_reason_or_with_an_unknown_recommendation_is_refused(
    change, message
):
    key = change.split(":")[0].strip()
    lines = [line for line in PRACTICE.splitlines() if line.strip().split(":")[0] != key]
    text = "\n".join(lines) + "\n" + change
    with pytest.raises(ProfileError, match=message):
        load_profiles(extra_texts=[("our-clinic", text)])


def test_a_clinic_profile_file_of_the_same_name_as_a_shipped_one_is_a_duplicate(tmp_path: Path):
    (tmp_path / "eshre-2022.yaml").write_text("id: eshre-2022\ntitle: x\nextends: rcog-2023\n")
    with pytest.raises(ProfileError, match="duplicate profile id"):
        load_profiles([tmp_path])
