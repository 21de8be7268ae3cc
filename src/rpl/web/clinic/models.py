"""The clinic's sign-off of its content (issue 18), its review period and its own profiles.

A `ContentReview` is one decision of a clinician with the reviewer role on one item: a rule,
an education page, an FAQ entry or a clinic profile. Decisions are kept as a history (the
newest decides) and never edited: each holds the hash and a copy of the content it was made on,
so a content change re-opens the item (`rpl.core.governance.state_of`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rpl.core.governance import DEFAULT_REVIEW_MONTHS


class ContentReview(models.Model):
    class Kind(models.TextChoices):
        RULE = "rule", _("rule")
        PAGE = "page", _("education page")
        FAQ = "faq", _("FAQ entry")
        PROFILE = "profile", _("clinic profile")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        CHANGES_NEEDED = "changes_needed", _("changes needed")
        OVERRIDDEN = "overridden", _("overridden for the clinic")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RULE)
    item_id = models.CharField(max_length=80, db_index=True)
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the content as reviewed (the version decided on)."
    )
    content = models.JSONField(default=dict, help_text="The content as reviewed.")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    note = models.TextField(max_length=2000, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="content_reviews"
    )
    reviewer_name = models.CharField(
        max_length=150, blank=True, help_text="The reviewer's name as it was at the decision."
    )
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("kind", "item_id", "-reviewed_at", "-id")

    def __str__(self) -> str:
        return f"review of {self.kind} {self.item_id} ({self.decision})"


class ReviewPolicy(models.Model):
    """The clinic's review period (one row): approvals expire this many months after."""

    review_period_months = models.PositiveSmallIntegerField(
        default=DEFAULT_REVIEW_MONTHS, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"review every {self.review_period_months} months"


class ClinicProfile(models.Model):
    """A clinic profile edited in the staff area: the YAML of a profile file (docs/profiles.md)
    with `extends`, cited definition overrides and `practice:` overrides. It is offered to
    the clinic (`rpl.web.profiles`) only while its current version is signed off."""

    profile_id = models.SlugField(max_length=42, unique=True)
    text = models.TextField(max_length=20000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("profile_id",)

    def __str__(self) -> str:
        return self.profile_id
