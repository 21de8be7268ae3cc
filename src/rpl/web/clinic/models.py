from __future__ import annotations

from django.conf import settings
from django.db import models


class RuleReview(models.Model):
    """A clinician-admin's review of one rule and the recommendations it cites.

    Reviews are kept as a history (newest decides). A review holds a fingerprint of the
    recommendations the rule cites (wording, strength, evidence status) as they were reviewed:
    when any of them changes, the review no longer applies and the rule needs a new one.
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", "approved for clinical use"
        CHANGES_NEEDED = "changes_needed", "changes needed"

    rule_id = models.CharField(max_length=10, db_index=True)
    fingerprint = models.CharField(
        max_length=64, help_text="Digest of the recommendations the rule cites, as reviewed."
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    note = models.TextField(max_length=2000, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rule_reviews"
    )
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("rule_id", "-reviewed_at", "-id")

    def __str__(self) -> str:
        return f"review of {self.rule_id} ({self.decision})"
