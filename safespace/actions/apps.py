from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "safespace.actions"
    label = "actions"
