from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "rpl.web.records"
    label = "rpl_records"
    verbose_name = "Couple records"
