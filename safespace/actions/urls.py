from django.urls import path

from safespace.actions import views

app_name = "actions"

urlpatterns = [path("", views.action_list, name="list")]
