"""`django-admin grant_roles USERNAME ROLE...`: give a staff account its roles.

The first account of a new site (`createsuperuser`) holds no role, and the staff area and the
Django admin (`/staff/admin/`) are for the admin role only: without this, the only way in was
Django's shell. Later accounts get their roles in the Django admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rpl.web.accounts.roles import ROLES, ensure_role_groups, roles_of


class Command(BaseCommand):
    help = (
        "Give a staff account one or more roles (receptionist, clinician, admin, reviewer), "
        "e.g. the first account after createsuperuser: grant_roles USERNAME admin clinician."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("roles", nargs="+", metavar="role")

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = [role for role in options["roles"] if role not in ROLES]
        if unknown:
            raise CommandError(
                f"unknown role {', '.join(unknown)}: the roles are {', '.join(ROLES)}"
            )
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=options["username"])
        except user_model.DoesNotExist:
            raise CommandError(
                "no staff account with that username (createsuperuser makes the first one)"
            ) from None
        with transaction.atomic():
            ensure_role_groups(Group)
            user.groups.add(*Group.objects.filter(name__in=options["roles"]))
        user = user_model.objects.get(pk=user.pk)  # roles_of caches on the instance
        self.stdout.write(f"{user.get_username()} now has the roles: {', '.join(roles_of(user))}")
