from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "rpl.web.privacy"
    label = "rpl_privacy"
    verbose_name = "Privacy requests and retention"
