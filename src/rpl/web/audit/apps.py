from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rpl.web.audit"
    label = "rpl_audit"
    verbose_name = "Audit trail"
