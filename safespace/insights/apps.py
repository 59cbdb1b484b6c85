from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "safespace.insights"
    label = "insights"
