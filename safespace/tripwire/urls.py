"""The tripwire's addresses; the access policy names each one (safespace/policy.py)."""

from django.urls import path

from safespace.tripwire import views

app_name = "tripwire"

urlpatterns = [
    path("hr-events/import/", views.import_events, name="import"),
    path("api/hr-events/", views.api_import, name="api"),
    path("track/concern/hr-watch/stop/", views.stop_watching, name="stop_watching"),
]
