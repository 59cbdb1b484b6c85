from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "safespace.api"
    label = "api"
    verbose_name = _("API for the organisation's systems")
