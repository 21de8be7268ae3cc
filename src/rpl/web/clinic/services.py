"""Changes made in the clinic workspace that are not record edits: the clinic's sign-off of
its content, its review period and its own profiles (issue 18)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rpl.core.profiles import ProfileError, load_profiles
from rpl.web.clinic import governance
from rpl.web.clinic.models import ClinicProfile, ContentReview, ReviewPolicy


class ReviewError(ValueError):
    """A refusal, in the staff user's language; `detail` is the profile loader's own message
    (English, shown as written, like a calculator's input problem)."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def reviewer_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


@transaction.atomic
def record_review(
    *, kind: str, item_id: str, decision: str, note: str, reviewer: Any, content_hash: str = ""
) -> ContentReview:
    """Record a reviewer's decision on an item as it stands now.

    `content_hash` is the version the reviewer was shown: when the content changed meanwhile,
    the decision is refused (they must read the new version first).
    """
    current = governance.item(kind, item_id)
    if current is None:
        raise ReviewError(_("unknown item"))
    if decision not in ContentReview.Decision.values:
        raise ReviewError(_("choose approve, ask for changes or override for the clinic"))
    if content_hash and content_hash != current.hash:
        raise ReviewError(_("the content changed while you were reading it; read it again"))
    note = note.replace("\x00", "").strip()
    if decision == ContentReview.Decision.CHANGES_NEEDED and not note:
        raise ReviewError(_("say what needs to change in the note"))
    if decision == ContentReview.Decision.OVERRIDDEN and not note:
        raise ReviewError(_("give the clinic's reason for the override in the note"))
    return ContentReview.objects.create(
        kind=kind,
        item_id=current.item_id,
        content_hash=current.hash,
        content=current.content,
        decision=decision,
        note=note[:2000],
        reviewer=reviewer,
        reviewer_name=reviewer_name(reviewer)[:150],
    )


@transaction.atomic
def set_review_period(months: int, user: Any) -> ReviewPolicy:
    if not 1 <= months <= 120:
        raise ReviewError(_("the review period is 1 to 120 months"))
    policy = ReviewPolicy.objects.order_by("id").first() or ReviewPolicy()
    policy.review_period_months = months
    policy.updated_by = user
    policy.save()
    return policy


def check_profile_text(text: str, profile_id: str | None = None) -> str:
    """The id of the profile the text defines, once it loads beside every other profile
    (same checks as a profile file: known parent, cited overrides, valid practice);
    raises ReviewError with the loader's message."""
    from rpl.core.rules.catalogue import default_registry
    from rpl.web.profiles import file_profiles, loadable_texts

    # Beside the clinic's other profiles that load: one that no longer loads (named on the
    # profiles page) must not block, or be blamed on, the profile being saved.
    others, _not_loading = loadable_texts(
        (p.profile_id, p.text) for p in ClinicProfile.objects.exclude(profile_id=profile_id or "")
    )
    try:
        parsed = load_profiles(file_profiles(), [*others, ("this profile", text)])
    except ProfileError as error:
        raise ReviewError(_("This profile cannot be loaded:"), str(error)) from None
    except TypeError:  # e.g. a list where an id belongs: not the shape of a profile
        raise ReviewError(
            _("This profile is not written as a profile (see docs/profiles.md).")
        ) from None
    before = load_profiles(file_profiles(), others)
    [new_id] = set(parsed) - set(before) or [None]
    if new_id is None:
        raise ReviewError(_("This profile's id is taken."))
    if profile_id is not None and new_id != profile_id:
        raise ReviewError(_("A profile's id cannot change: make a new profile instead."))
    registry = default_registry()
    for override in parsed[new_id].practice:
        try:
            registry.get(override.rule)
        except KeyError:
            raise ReviewError(
                _("This profile's practice names a rule that does not exist: %(rule)s")
                % {"rule": override.rule}
            ) from None
    return str(new_id)


@transaction.atomic
def save_profile(text: str, user: Any, profile_id: str | None = None) -> ClinicProfile:
    text = text.replace("\x00", "")
    new_id = check_profile_text(text, profile_id)
    profile = ClinicProfile.objects.filter(profile_id=new_id).first() or ClinicProfile(
        profile_id=new_id
    )
    profile.text = text
    profile.updated_by = user
    profile.save()
    return profile
