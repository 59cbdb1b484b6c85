from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "safespace.aftercare"
    label = "aftercare"
    verbose_name = "After a concern closes"
