from django.apps import AppConfig


class DevConfig(AppConfig):
    name = "safespace.dev"
    label = "dev"
    verbose_name = "Development tooling"
