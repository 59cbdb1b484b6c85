from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safespace.audit"
    label = "audit"
    verbose_name = "Audit trail"
