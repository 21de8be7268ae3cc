from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "rpl.web.site"
    label = "rpl_site"
    verbose_name = "Public site"
