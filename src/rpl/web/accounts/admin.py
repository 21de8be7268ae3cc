"""Django admin for staff users: Django's own user admin, with roles shown in the list."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from rpl.web.accounts.roles import roles_of


class StaffUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "roles", "is_active", "last_login")
    list_filter = ("groups", "is_active", "is_staff")

    @admin.display(description="roles")
    def roles(self, user: User) -> str:
        return ", ".join(roles_of(user))


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
