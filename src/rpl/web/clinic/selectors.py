"""Reading for the clinic workspace: records, obstetric summaries, assessments, sign-offs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from rpl.core.assessment import Assessment, assess
from rpl.core.classification import classify
from rpl.core.governance import SignOff
from rpl.core.parsing import CheckedRecord, RecordError
from rpl.core.profiles import Profile
from rpl.core.record import pregnant_now as record_pregnant_now
from rpl.core.triage import triage_of_record
from rpl.present.assessment import TRIAGE_LEVELS
from rpl.web.accounts.roles import can
from rpl.web.clinic import governance, inbox
from rpl.web.profiles import choose_profile
from rpl.web.records.models import CoupleRecord
from rpl.web.records.services import checked_record

# --- profiles ------------------------------------------------------------------------------


def profile_for(profile_id: str | None, checked: CheckedRecord | None = None) -> Profile:
    """The profile asked for, else the record's own, else the clinic's default."""
    wanted = profile_id or (checked.record.profile if checked is not None else None)
    return choose_profile(wanted)


# --- records -------------------------------------------------------------------------------


def search_records(query: str = "") -> QuerySet[CoupleRecord]:
    """Records whose local id or booking reference contains the query (ids only: no names)."""
    records = CoupleRecord.objects.all()
    query = query.strip()
    # A query longer than any id cannot match; SQLite would even refuse it as a LIKE pattern.
    if len(query) > int(CoupleRecord._meta.get_field("local_id").max_length or 0):
        return records.none()
    if query:
        records = records.filter(Q(local_id__icontains=query) | Q(from_booking__iexact=query))
    return records.order_by("local_id")


# Triage levels that call for care today or sooner (rpl.core.triage), most urgent first.
ATTENTION_LEVELS = ("emergency", "urgent", "soon")


@dataclass(frozen=True)
class AttentionRecord:
    """A record whose current pregnancy's recorded symptoms call for care today or sooner."""

    record: CoupleRecord
    level: str
    action: str

    @property
    def level_label(self) -> str:
        return _translator().label(TRIAGE_LEVELS[self.level])

    @property
    def action_text(self) -> Any:
        """The action in the page's language (English, marked, where untranslated)."""
        return _translator().text(self.action)


def _translator() -> Any:
    from django.utils import translation

    from rpl.present.translate import translator

    return translator(translation.get_language() or "en")


def records_needing_attention() -> list[AttentionRecord]:
    """Records with a current pregnancy whose triage (the same as the assessment's) is
    emergency, urgent or soon, most urgent first, then most recently changed. Only records
    holding a current pregnancy are read; a record that no longer passes the contract's checks
    is left to its own page, which says what is wrong."""
    found: list[AttentionRecord] = []
    for record in CoupleRecord.objects.filter(document__has_key="current_pregnancy"):
        try:
            triage = triage_of_record(checked_record(record).record)
        except RecordError:
            continue
        if triage is not None and triage.level in ATTENTION_LEVELS:
            found.append(AttentionRecord(record, triage.level, triage.action))
    found.sort(key=lambda a: a.record.updated_at, reverse=True)
    found.sort(key=lambda a: ATTENTION_LEVELS.index(a.level))
    return found


LOSS_TYPES = ("miscarriage", "biochemical_loss", "pul_resolved", "ectopic", "molar", "stillbirth")


@dataclass(frozen=True)
class ObstetricSummary:
    gravidity: int
    parity: int
    live_births: int
    losses_by_type: dict[str, int]
    induced_abortions: int
    ongoing: int
    pregnant_now: bool  # a current pregnancy, ectopic included (counted in G)
    ectopic_now: bool  # ... known to be ectopic: the plan speaks of the next pregnancy
    profile_id: str
    losses_counted: int
    consecutive_losses: int
    longest_consecutive_losses: int
    first_trimester_losses: int
    second_trimester_losses: int
    unknown_trimester_losses: int
    meets_definition: bool | None

    @property
    def notation(self) -> str:
        return f"G{self.gravidity} P{self.parity}"


def obstetric_summary(checked: CheckedRecord, profile: Profile) -> ObstetricSummary:
    """G/P, losses by type (as recorded) and the profile's counts and runs (rpl.core).

    G counts every pregnancy, the current one included; P counts births (live births and
    stillbirths as recorded). Which losses count towards RPL comes from the profile.
    """
    record = checked.record
    outcomes: Counter[str] = Counter(p.outcome for p in record.pregnancies)
    classification = classify(checked, profile)
    pregnant_now = record.current_pregnancy is not None
    return ObstetricSummary(
        gravidity=len(record.pregnancies) + (1 if pregnant_now else 0),
        parity=outcomes["live_birth"] + outcomes["stillbirth"],
        live_births=outcomes["live_birth"],
        losses_by_type={kind: outcomes[kind] for kind in LOSS_TYPES if outcomes[kind]},
        induced_abortions=outcomes["induced_abortion"],
        ongoing=outcomes["ongoing"],
        pregnant_now=pregnant_now,
        ectopic_now=pregnant_now and not record_pregnant_now(record),
        profile_id=profile.id,
        losses_counted=classification.losses_counted,
        consecutive_losses=classification.consecutive_losses,
        longest_consecutive_losses=classification.longest_consecutive_losses,
        first_trimester_losses=classification.first_trimester_losses,
        second_trimester_losses=classification.second_trimester_losses,
        unknown_trimester_losses=classification.unknown_trimester_losses,
        meets_definition=classification.meets_definition,
    )


def assessment_of(checked: CheckedRecord, profile: Profile) -> Assessment:
    return assess(checked, profile)


# --- the clinic's sign-off ------------------------------------------------------------------


def rule_sign_offs() -> dict[str, SignOff]:
    """Each rule's sign-off by the clinic today (rpl.web.clinic.governance)."""
    return governance.sign_offs("rule")


# --- the staff home page --------------------------------------------------------------------


def workspace_counts(user: Any) -> dict[str, int | None]:
    """Counts for the tiles on the staff home page; None for what the user may not see."""
    counts: dict[str, int | None] = {
        "records": None,
        "attention": None,
        "bookings": None,
        "questions": None,
        "reviews": None,
    }
    if can(user, "records"):
        counts["records"] = CoupleRecord.objects.count()
        counts["attention"] = len(records_needing_attention())
    if can(user, "bookings"):
        counts["bookings"] = inbox.open_booking_count()
    if can(user, "questions"):
        counts["questions"] = inbox.open_question_count()
    if can(user, "content_review"):
        counts["reviews"] = governance.open_count()
    return counts
