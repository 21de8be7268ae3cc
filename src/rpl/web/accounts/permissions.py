"""Django model permissions of the admin role, for the Django admin site.

Our own views check roles (`rpl.web.accounts.access`); the Django admin checks model
permissions, so the admin group gets them for the models admins look after.
"""

from __future__ import annotations

from typing import Any

from rpl.web.accounts.roles import ADMIN

# app label -> actions on every model of that app
ADMIN_PERMISSIONS = {
    "auth": ("view", "add", "change", "delete"),
    "otp_totp": ("view", "delete"),  # remove a lost authenticator; staff add their own
    "axes": ("view", "delete"),  # look at and lift lockouts
    "rpl_clinic": ("view",),
    "rpl_site": ("view", "add", "change", "delete"),  # education content (patient site)
}


def grant_admin_permissions(sender: Any = None, **kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=ADMIN)
    for app_label, actions in ADMIN_PERMISSIONS.items():
        wanted = Permission.objects.filter(
            content_type__app_label=app_label,
            codename__regex=r"^(" + "|".join(actions) + r")_",
        )
        group.permissions.add(*wanted)
