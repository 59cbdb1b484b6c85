"""A case's meetings and action plan, under the case's own address."""

from django.urls import path

from safespace.actions import views

app_name = "meetings"

urlpatterns = [
    path("<uuid:code>/meetings/new/", views.meeting_new, name="new"),
    path("<uuid:code>/meetings/<uuid:meeting>/", views.meeting_detail, name="detail"),
    path("<uuid:code>/meetings/<uuid:meeting>/change/", views.meeting_change, name="change"),
    path("<uuid:code>/meetings/<uuid:meeting>/cancel/", views.meeting_cancel, name="cancel"),
    path("<uuid:code>/meetings/<uuid:meeting>/minutes/", views.minutes, name="minutes"),
    path("<uuid:code>/meetings/<uuid:meeting>/actions/new/", views.action_new, name="action_new"),
    path("<uuid:code>/actions/<uuid:action>/confirm/", views.action_confirm, name="confirm"),
]
