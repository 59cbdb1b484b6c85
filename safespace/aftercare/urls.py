"""Closing and after, in groups by the prefix each sits under; safespace/urls.py mounts each
group at its prefix, all in this one `aftercare` namespace. The access policy names each one
(safespace/policy.py)."""

from django.urls import path

from safespace.aftercare import views

app_name = "aftercare"

# /cases/<code>/: the champion closes the case, or opens it again.
case_pages = [
    path("close/", views.close, name="close"),
    path("reopen/", views.reopen, name="reopen"),
]

# /track/concern/: the raiser's feedback once closed, and their answer to a check-in.
raiser_pages = [
    path("feedback/", views.feedback, name="feedback"),
    path("check-in/", views.check_in, name="check_in"),
]

# /cases/retention/: the lead champion's view of what reaches the end of its retention period.
retention_pages = [
    path("", views.retention, name="retention"),
    path("<uuid:code>/keep/", views.retention_keep, name="retention_keep"),
]
