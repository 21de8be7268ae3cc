"""The clinic's own sign-off of its content, as plain data (issue 18).

A clinician with the reviewer role approves an item (a rule, an education page, an FAQ entry,
a clinic profile), asks for changes, or overrides it for the clinic with a reason. Each decision
is kept by the web layer with the exact version decided on (a content hash). This module holds
only what every outlet needs to know about the latest decision and the rules for when it stops
holding: a content change re-opens it, and a review expires after the clinic's period. No
database here: the web layer reads its rows and passes `SignOff` values in.

A sign-off is the clinic's decision; it is not evidence. The source's evidence status (verified,
secondary, unverified) stays a separate fact, shown beside it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rpl.core.vocabulary import Recommendation

DEFAULT_REVIEW_MONTHS = 24

Decision = Literal["approved", "changes_needed", "overridden"]
State = Literal["awaiting", "approved", "overridden", "changes_needed", "stale", "expired"]
# The states in which the clinic stands behind the item as it is now.
SIGNED_OFF: frozenset[str] = frozenset({"approved", "overridden"})
# The states that want a reviewer's attention.
OPEN: frozenset[str] = frozenset({"awaiting", "stale", "expired", "changes_needed"})


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def state_of(
    decision: str | None,
    decided_hash: str | None,
    current_hash: str,
    decided_on: dt.date | None,
    months: int,
    today: dt.date,
) -> State:
    """The state of an item given its latest decision (None: never reviewed).

    A decision applies only to the version it was made on: when the content's hash differs,
    the item is `stale` (re-opened). An approval or override lapses `months` after it was
    made (`expired`). A request for changes stays until the content changes.
    """
    if decision is None or decided_on is None:
        return "awaiting"
    if decided_hash != current_hash:
        return "stale"
    if decision in SIGNED_OFF and add_months(decided_on, months) <= today:
        return "expired"
    if decision == "approved":
        return "approved"
    if decision == "overridden":
        return "overridden"
    return "changes_needed"


@dataclass(frozen=True)
class SignOff:
    """The clinic's latest decision on one item, as every outlet shows it."""

    state: State
    reviewer: str = ""  # the reviewer's name as it was when they decided
    reviewed_on: dt.date | None = None
    next_review: dt.date | None = None
    reason: str = ""  # the reviewer's note: why it was overridden, or what must change

    @property
    def signed_off(self) -> bool:
        return self.state in SIGNED_OFF


class PracticeOverride(BaseModel):
    """Where a clinic's practice differs from its guideline for one item a rule gives.

    Data in a clinic profile (`practice:`): the clinic's recommendation replaces the rule's for
    that code; the reason is shown beside it on every clinician output. It applies only with an
    approval (`ApprovedPractice`), and the guideline's own recommendation is kept beside it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(pattern=r"^(CL|IV|IP|TX|NP|LS|PG|TR)\d{2}$")
    code: str = Field(min_length=1, max_length=80)
    recommendation: Recommendation
    reason: str = Field(min_length=10, max_length=1000)


@dataclass(frozen=True)
class ApprovedPractice:
    """A practice override with the approval that lets it apply (from the web layer)."""

    override: PracticeOverride
    approved_by: str
    approved_on: dt.date
    differs_from: str  # the title of the guideline profile it differs from
