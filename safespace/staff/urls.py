"""/accounts/ and /accounts/concerns/<code>/open/: the staff home page beside the sign-in
pages (safespace/accounts/urls.py), which sit under the same prefix."""

from django.urls import path

from safespace.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("concerns/<uuid:code>/open/", views.open_concern, name="open_concern"),
]
