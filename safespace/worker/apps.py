from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "safespace.worker"
    label = "worker"
    verbose_name = "Background work"
