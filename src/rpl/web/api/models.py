from __future__ import annotations

from django.db import models


class ApiClient(models.Model):
    """A system allowed to call the JSON API (an EHR, a registry), created by an admin.

    Only a SHA-256 hash of the client's token is stored; the token itself is shown once, when
    the client is created. Tokens are 256-bit random strings, so a plain hash is enough (a
    slow password hash protects guessable secrets, which these are not).
    """

    name = models.CharField(max_length=100, unique=True, help_text="Who this client is.")
    token_prefix = models.CharField(
        max_length=16, help_text="The token's first characters, to tell tokens apart."
    )
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list, help_text="What the client may do (see scopes.py).")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return f"API client {self.name}"

    def has_scope(self, scope: str) -> bool:
        return self.is_active and scope in self.scopes


class CdsJwtUse(models.Model):
    """A CDS Client JWT already accepted (`iss`, `jti`), kept until it expires: a second use is
    a replay. In the database so that every worker process sees it."""

    iss = models.CharField(max_length=500)
    jti = models.CharField(max_length=200)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["iss", "jti"], name="cds_jwt_once"),)


class CdsFeedback(models.Model):
    """What a clinician did with a card (CDS Hooks feedback). No free text is kept: a user
    comment may hold patient data, so only whether one was given is stored."""

    service = models.CharField(max_length=100)
    card = models.CharField(max_length=100)
    outcome = models.CharField(max_length=20)
    accepted_suggestions = models.JSONField(default=list)
    override_reason = models.CharField(max_length=200, blank=True)
    had_comment = models.BooleanField(default=False)
    outcome_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
