from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rpl.web.reports"
    label = "rpl_reports"
    verbose_name = "Printable reports"
