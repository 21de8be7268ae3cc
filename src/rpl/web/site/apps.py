from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "rpl.web.site"
    label = "rpl_site"
    verbose_name = "Public site"

    def ready(self) -> None:
        from rpl.web.site import checks  # noqa: F401  # registers the deployment checks
