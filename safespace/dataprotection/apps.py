from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "safespace.dataprotection"
    label = "dataprotection"
