"""The staff directory's addresses; the access policy names each one (safespace/policy.py)."""

from django.urls import path

from safespace.directory import views

app_name = "directory"

urlpatterns = [
    path("import/", views.import_directory, name="import"),
]
