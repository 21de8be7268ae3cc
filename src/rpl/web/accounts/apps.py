from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rpl.web.accounts"
    label = "rpl_accounts"
    verbose_name = "Staff accounts"
