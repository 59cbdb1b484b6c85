from django.conf import settings
from django.urls import path, register_converter

from safespace.public import views


class Language:
    """The languages the service speaks (settings.LANGUAGES), and no other word."""

    regex = "|".join(code for code, _ in settings.LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(Language, "language")

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("language/<language:language>/", views.language, name="language"),
    path("healthz", views.healthz, name="healthz"),
]
