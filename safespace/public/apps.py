from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "safespace.public"
    label = "public"
    verbose_name = "Public pages"
