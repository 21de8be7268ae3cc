from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "rpl.web.fhir"
    label = "rpl_fhir"
    verbose_name = "FHIR face (bulk export jobs)"
