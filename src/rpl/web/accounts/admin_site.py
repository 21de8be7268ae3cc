"""Django's admin site behind the staff roles: users, education content, profiles."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from rpl.web.accounts.access import needs_second_factor
from rpl.web.accounts.roles import can


class StaffAdminSite(admin.AdminSite):
    site_header = "RPL Care administration"
    site_title = "RPL Care admin"
    index_title = "Users, content and profiles"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(
            super().has_permission(request)
            and can(request.user, "content")
            and not needs_second_factor(request)
        )
