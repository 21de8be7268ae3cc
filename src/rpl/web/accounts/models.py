"""A staff account's link to the hospital's identity provider (OpenID Connect)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExternalIdentity(models.Model):
    """The provider's subject (`sub`) for a staff user. Accounts are matched on this, never on
    a username or e-mail address, so a provider account can never take over a local account
    that happens to share its name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identity"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_user_per_subject"),
        )

    def __str__(self) -> str:
        return f"external identity of user {self.user_id}"


class StaffPreference(models.Model):
    """What a staff user chose for themselves: the language of the staff pages (a code of
    rpl/knowledge/catalogue/languages.yaml). Applied at sign-in and on every staff page
    (`rpl.web.accounts.language`); changed with the staff pages' language switcher."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_preference"
    )
    # No choices here: the list of languages is data (languages.yaml), checked where it is set.
    language = models.CharField(max_length=16)

    def __str__(self) -> str:
        return f"preferences of user {self.user_id}"
