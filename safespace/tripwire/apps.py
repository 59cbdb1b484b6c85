from django.apps import AppConfig


class TripwireConfig(AppConfig):
    name = "safespace.tripwire"
    label = "tripwire"
    verbose_name = "Retaliation tripwire"
