from django.urls import path

from safespace.dev.bench import views

app_name = "bench"

urlpatterns = [path("ok", views.ok, name="ok")]
