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
