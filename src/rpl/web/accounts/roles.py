"""Staff roles and what each may do. Each role is a Django group; a user's roles are its groups.

- receptionist: the booking inbox and routing questions; never clinical records;
- clinician: couple records, assessments, reports, calculators, answering questions;
- admin: users, content, profiles, the audit trail, privacy requests (export and erasure);
- reviewer: held with clinician, signs off the clinic's content (rules, education pages, FAQ
  entries, clinic profiles: issue 18). A clinician who is also an admin may sign off too.

Views ask for a *capability* (`rpl.web.accounts.access.requires`), never for a role, so the
matrix below is the one place that says who may do what. A capability lists alternatives;
each alternative is a set of roles the user must hold together (content review needs a
clinician who is also an admin).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

RECEPTIONIST = "receptionist"
CLINICIAN = "clinician"
ADMIN = "admin"
REVIEWER = "reviewer"
ROLES = (RECEPTIONIST, CLINICIAN, ADMIN, REVIEWER)
# Shown to staff in their language; the group names above stay the stored codes.
ROLE_NAMES = {
    RECEPTIONIST: _("receptionist"),
    CLINICIAN: _("clinician"),
    ADMIN: _("admin"),
    REVIEWER: _("reviewer"),
}

# capability -> alternatives, each a tuple of roles held together
CAPABILITIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "staff_area": ((RECEPTIONIST,), (CLINICIAN,), (ADMIN,), (REVIEWER,)),
    "bookings": ((RECEPTIONIST,), (CLINICIAN,)),
    "questions": ((RECEPTIONIST,), (CLINICIAN,)),  # see the inbox, assign
    "answer_questions": ((CLINICIAN,),),
    "records": ((CLINICIAN,),),  # couple records, assessments, reports
    "calculators": ((CLINICIAN,),),
    "audit": ((ADMIN,),),
    "content": ((ADMIN,),),  # users, education content, profiles (Django admin)
    "content_review": ((CLINICIAN, REVIEWER), (CLINICIAN, ADMIN)),
    # Export or erase everything held about one person. Admins, not clinicians: it is the
    # clinic's duty as keeper of the data, like accounts and the audit trail they already
    # hold, and an erasure removes records every clinician relies on, so it sits with the
    # few who answer for the whole database rather than with each clinician.
    "privacy": ((ADMIN,),),
}


def ensure_role_groups(group_model: Any) -> None:
    """Create any missing role group. Takes the model so migrations can pass their own."""
    for role in ROLES:
        group_model.objects.get_or_create(name=role)


def roles_of(user: Any) -> list[str]:
    """The user's staff roles, in the order of ROLES."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_rpl_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = [role for role in ROLES if role in names]
        user._rpl_roles = cached
    return list(cached)


def allows(roles: list[str] | set[str], capability: str) -> bool:
    """True when the roles grant the capability (an unknown capability grants nothing)."""
    held = set(roles)
    return any(set(alternative) <= held for alternative in CAPABILITIES.get(capability, ()))


def can(user: Any, capability: str) -> bool:
    return allows(roles_of(user), capability)


def capabilities_of(user: Any) -> set[str]:
    roles = roles_of(user)
    return {capability for capability in CAPABILITIES if allows(roles, capability)}
