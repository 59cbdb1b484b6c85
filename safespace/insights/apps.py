from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "safespace.insights"
    label = "insights"

    def ready(self) -> None:
        # Changes to what the figures count mark the days to recount (keeping.py).
        from safespace.insights import keeping

        keeping.connect()
