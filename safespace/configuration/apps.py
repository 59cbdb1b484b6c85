from django.apps import AppConfig


class ConfigurationConfig(AppConfig):
    name = "safespace.configuration"
    label = "configuration"
