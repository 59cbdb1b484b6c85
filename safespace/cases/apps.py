from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safespace.cases"
    label = "cases"
    verbose_name = "Cases"
