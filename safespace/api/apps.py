from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "safespace.api"
    label = "api"
    verbose_name = "API for the organisation's systems"
