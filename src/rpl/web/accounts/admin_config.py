"""Django's admin app with the staff-role admin site as its default site.

Kept apart from admin_site.py: an app config module is imported before the models are ready.
"""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "rpl.web.accounts.admin_site.StaffAdminSite"
