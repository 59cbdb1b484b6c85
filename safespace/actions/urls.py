from django.urls import path

from safespace.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("<uuid:code>/", views.action_detail, name="detail"),
    path("meetings/<uuid:meeting>/", views.attendee_meeting, name="meeting"),
]
