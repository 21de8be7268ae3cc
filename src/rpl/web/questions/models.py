"""A question sent to the clinic's doctors. The asker reads the answer through a private link.

Only a hash of the link's token is stored: the database alone cannot open anyone's answer.
Staff fields (assignment, answer, publication) are filled in the clinic workspace.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Question(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")  # written, not yet visible to the asker
        PUBLISHED = "published", _("Published")  # visible through the private link

    text = models.TextField(max_length=2000)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    email = models.EmailField(blank=True)
    # E.164; only when the asker wants a text message when the answer is ready.
    phone = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    consent_given_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # One per form shown: a second submission of the same form finds the first question.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_questions",
    )
    answer_text = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_questions",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Question {self.pk}"  # never the text: __str__ ends up in logs

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and bool(self.answer_text.strip())
