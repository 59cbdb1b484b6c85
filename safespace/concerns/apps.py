from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "safespace.concerns"
    label = "concerns"
    verbose_name = "Raising concerns"
