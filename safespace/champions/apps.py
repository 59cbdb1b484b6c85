from django.apps import AppConfig


class ChampionsConfig(AppConfig):
    name = "safespace.champions"
    label = "champions"
    verbose_name = "Champions"
