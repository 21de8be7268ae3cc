from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "rpl.web.clinic"
    label = "rpl_clinic"
    verbose_name = "Clinic workspace"
