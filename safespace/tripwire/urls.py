"""The tripwire's addresses, in groups by the prefix each sits under; safespace/urls.py mounts
each group at its prefix, all in this one `tripwire` namespace. The access policy names each
one (safespace/policy.py)."""

from django.urls import path

from safespace.tripwire import views

app_name = "tripwire"

# /hr-events/: HR uploads its events as a CSV file.
upload_pages = [
    path("import/", views.import_events, name="import"),
]

# /api/hr-events/: HR's system sends its events.
api_pages = [
    path("", views.api_import, name="api"),
]

# /track/concern/: the raiser stops the watch.
raiser_pages = [
    path("hr-watch/stop/", views.stop_watching, name="stop_watching"),
]
