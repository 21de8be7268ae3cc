from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rpl.web.api"
    label = "rpl_api"
    verbose_name = "JSON API and API clients"
