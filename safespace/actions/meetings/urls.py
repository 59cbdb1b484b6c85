"""A case's meetings and action plan, under the case's own address (/cases/<code>/, given by
safespace/urls.py); the access policy names each one (safespace/policy.py)."""

from django.urls import path

from safespace.actions.meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/new/", views.meeting_new, name="new"),
    path("meetings/<uuid:meeting>/", views.meeting_detail, name="detail"),
    path("meetings/<uuid:meeting>/change/", views.meeting_change, name="change"),
    path("meetings/<uuid:meeting>/cancel/", views.meeting_cancel, name="cancel"),
    path("meetings/<uuid:meeting>/minutes/", views.minutes, name="minutes"),
    path("meetings/<uuid:meeting>/actions/new/", views.action_new, name="action_new"),
    path("actions/<uuid:action>/confirm/", views.action_confirm, name="confirm"),
]
