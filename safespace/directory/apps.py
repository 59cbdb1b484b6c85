from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "safespace.directory"
    label = "directory"
    verbose_name = "Staff directory"
