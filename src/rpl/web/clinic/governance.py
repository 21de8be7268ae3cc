"""The clinic's sign-off of its content (issue 18): what each item is, its content as a
reviewer approves it (hashed), and its state today.

Items are rules (their title, citations per profile, the recommendations they cite with
source, place, strength, evidence status and where it was read, and the rule's own sentences in
every language), education pages and FAQ entries (every language's wording, their sources and
the evidence status of what they cite) and the clinic's own profiles (their YAML). A decision
holds for the content it was made on (`content_hash`); the state rules are in
`rpl.core.governance`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rpl.core.evidence import GuidelineRecommendation, load_recommendations
from rpl.core.governance import DEFAULT_REVIEW_MONTHS, SignOff, State, add_months, state_of
from rpl.core.languages import language_codes
from rpl.core.rules.catalogue import default_registry
from rpl.core.rules.registry import Rule
from rpl.present.translate import translator

KINDS = ("rule", "page", "faq", "profile")
# Shown to staff in their language (lazy: read when a page or the CSV is written).
KIND_LABELS = {
    "rule": _("Rule"),
    "page": _("Education page"),
    "faq": _("FAQ entry"),
    "profile": _("Clinic profile"),
}
STATE_LABELS = {
    "awaiting": _("awaiting review"),
    "approved": _("approved"),
    "overridden": _("overridden for the clinic"),
    "changes_needed": _("changes asked for"),
    "stale": _("changed since its review: re-opened"),
    "expired": _("review expired"),
}


def content_hash(content: Mapping[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def review_period_months() -> int:
    from rpl.web.clinic.models import ReviewPolicy

    policy = ReviewPolicy.objects.order_by("id").first()
    return policy.review_period_months if policy is not None else DEFAULT_REVIEW_MONTHS


def today() -> dt.date:
    return timezone.localdate()


# --- what each item is ------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    kind: str
    item_id: str
    title: str
    content: dict[str, Any]
    recommendations: tuple[GuidelineRecommendation, ...] = ()

    @property
    def hash(self) -> str:
        return content_hash(self.content)

    @property
    def evidence(self) -> str:
        """The weakest evidence status among what it cites ("" when it cites nothing)."""
        found = {r.evidence for r in self.recommendations}
        return next((s for s in ("unverified", "secondary", "verified") if s in found), "")

    @property
    def in_place_of(self) -> tuple[str, ...]:
        return tuple(sorted({r.in_place_of for r in self.recommendations if r.in_place_of}))

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def title_in(self, language: str) -> tuple[str, str]:
        """The item's title and the language it is written in: an education page's title and
        an FAQ entry's question in the reader's language where they have it; a rule's title
        as written (English); a clinic profile's id."""
        wording = self.content.get("title" if self.kind == "page" else "question")
        if self.kind in ("page", "faq") and isinstance(wording, dict):
            for code in (language, "en"):
                if wording.get(code):
                    return str(wording[code]), code
        return self.title, "" if self.kind == "profile" else "en"


def _sentences(code: types.CodeType) -> list[str]:
    """The whole sentences written in a rule's code (its reasons and details)."""
    found: list[str] = []
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found += _sentences(const)
        elif isinstance(const, str) and " " in const and len(const) > 20:
            found.append(const)
    return found


def _recommendation(r: GuidelineRecommendation) -> dict[str, Any]:
    return r.model_dump(mode="json")


def cited_recommendations(rule: Rule) -> tuple[GuidelineRecommendation, ...]:
    recommendations = load_recommendations()
    ids = sorted({rid for cited in rule.cites.values() for rid in cited})
    return tuple(recommendations[rid] for rid in ids)


@cache
def rule_item(rule_id: str) -> Item:
    """A rule as a reviewer approves it (code and knowledge do not change while running)."""
    rule = default_registry().get(rule_id)
    cited = cited_recommendations(rule)
    sentences = _sentences(rule.logic.__code__)
    wording = {code: [translator(code).label(s) for s in sentences] for code in language_codes()}
    content = {
        "title": rule.title,
        "cites": {profile: list(ids) for profile, ids in sorted(rule.cites.items())},
        "recommendations": [_recommendation(r) for r in cited],
        "wording": wording,
    }
    return Item("rule", rule.id, rule.title, content, cited)


def _cited(ids: Iterable[str]) -> tuple[GuidelineRecommendation, ...]:
    recommendations = load_recommendations()
    return tuple(recommendations[i] for i in ids if i in recommendations)


def page_item(page: Any) -> Item:
    cited = _cited(page.recommendations)
    content = {
        "title": page.title,
        "summary": page.summary,
        "body": page.body,
        "sources": list(page.sources),
        "recommendations": [_recommendation(r) for r in cited],
    }
    return Item("page", page.slug, page.title.get("en", page.slug), content, cited)


def faq_item(entry: Any) -> Item:
    cited = _cited(entry.recommendations)
    content = {
        "question": entry.question,
        "answer": entry.answer,
        "sources": list(entry.sources),
        "recommendations": [_recommendation(r) for r in cited],
    }
    return Item("faq", entry.key, entry.question.get("en", entry.key), content, cited)


def profile_item(profile: Any) -> Item:
    return Item("profile", profile.profile_id, profile.profile_id, {"text": profile.text})


def items(kind: str | None = None) -> list[Item]:
    from rpl.web.clinic.models import ClinicProfile
    from rpl.web.site.models import EducationPage, FaqEntry

    found: list[Item] = []
    if kind in (None, "rule"):
        found += [rule_item(rule.id) for rule in default_registry()]
    if kind in (None, "page"):
        found += [page_item(p) for p in EducationPage.objects.all()]
    if kind in (None, "faq"):
        found += [faq_item(e) for e in FaqEntry.objects.all()]
    if kind in (None, "profile"):
        found += [profile_item(p) for p in ClinicProfile.objects.all()]
    return found


def item(kind: str, item_id: str) -> Item | None:
    from rpl.web.clinic.models import ClinicProfile
    from rpl.web.site.models import EducationPage, FaqEntry

    if kind == "rule":
        try:
            return rule_item(item_id)
        except KeyError:
            return None
    if kind == "page":
        page = EducationPage.objects.filter(slug=item_id).first()
        return page_item(page) if page is not None else None
    if kind == "faq":
        entry = FaqEntry.objects.filter(key=item_id).first()
        return faq_item(entry) if entry is not None else None
    if kind == "profile":
        profile = ClinicProfile.objects.filter(profile_id=item_id).first()
        return profile_item(profile) if profile is not None else None
    return None


# --- their state today --------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemState:
    item: Item
    sign_off: SignOff
    latest: Any = None  # the latest ContentReview, or None

    @property
    def state(self) -> State:
        return self.sign_off.state

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def open(self) -> bool:
        return self.state in ("awaiting", "stale", "expired", "changes_needed")


def _latest(kind: str | None) -> dict[tuple[str, str], Any]:
    from rpl.web.clinic.models import ContentReview

    reviews = ContentReview.objects.order_by("-reviewed_at", "-id")
    if kind is not None:
        reviews = reviews.filter(kind=kind)
    latest: dict[tuple[str, str], Any] = {}
    for review in reviews:
        latest.setdefault((review.kind, review.item_id), review)
    return latest


def sign_off_of(current: Item, review: Any, months: int, on: dt.date) -> SignOff:
    if review is None:
        return SignOff("awaiting")
    decided_on = timezone.localdate(review.reviewed_at)
    state = state_of(review.decision, review.content_hash, current.hash, decided_on, months, on)
    return SignOff(
        state=state,
        reviewer=review.reviewer_name or review.reviewer.get_username(),
        reviewed_on=decided_on,
        next_review=add_months(decided_on, months),
        reason=review.note,
    )


def states(kind: str | None = None, on: dt.date | None = None) -> list[ItemState]:
    """Every item (of one kind) with its sign-off today."""
    months = review_period_months()
    day = on or today()
    latest = _latest(kind)
    return [
        ItemState(
            i,
            sign_off_of(i, latest.get((i.kind, i.item_id)), months, day),
            latest.get((i.kind, i.item_id)),
        )
        for i in items(kind)
    ]


def state(kind: str, item_id: str, on: dt.date | None = None) -> ItemState | None:
    from rpl.web.clinic.models import ContentReview

    found = item(kind, item_id)
    if found is None:
        return None
    review = (
        ContentReview.objects.filter(kind=kind, item_id=item_id)
        .select_related("reviewer")
        .order_by("-reviewed_at", "-id")
        .first()
    )
    return ItemState(
        found, sign_off_of(found, review, review_period_months(), on or today()), review
    )


def sign_offs(kind: str, on: dt.date | None = None) -> dict[str, SignOff]:
    """Each item's sign-off by id: what the presenter and the patient pages are given."""
    return {s.item.item_id: s.sign_off for s in states(kind, on)}


def history(kind: str, item_id: str) -> Any:
    from rpl.web.clinic.models import ContentReview

    return ContentReview.objects.filter(kind=kind, item_id=item_id).select_related("reviewer")


def open_count() -> int:
    return sum(1 for s in states() if s.open)
