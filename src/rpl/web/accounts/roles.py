"""Staff roles. Each role is a Django group; a user's roles are the groups they belong to.

Permissions are attached to the groups by the clinic workspace issue; for now the groups exist
(created by a migration, so every database has them) and name what a person does at the clinic.
"""

from __future__ import annotations

from typing import Any

RECEPTIONIST = "receptionist"
CLINICIAN = "clinician"
ADMIN = "admin"
ROLES = (RECEPTIONIST, CLINICIAN, ADMIN)


def ensure_role_groups(group_model: Any) -> None:
    """Create any missing role group. Takes the model so migrations can pass their own."""
    for role in ROLES:
        group_model.objects.get_or_create(name=role)


def roles_of(user: Any) -> list[str]:
    """The user's staff roles, in the order of ROLES."""
    if not user.is_authenticated:
        return []
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLES if role in names]
