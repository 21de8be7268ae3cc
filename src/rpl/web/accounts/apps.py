from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "rpl.web.accounts"
    label = "rpl_accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from rpl.web.accounts import language, permissions

        del language  # imported for its sign-in signal receiver

        # Permissions exist only once every app has migrated; give the admin group its own then.
        post_migrate.connect(permissions.grant_admin_permissions, dispatch_uid="rpl-admin-perms")
