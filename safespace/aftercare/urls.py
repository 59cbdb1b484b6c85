from django.urls import path

from safespace.aftercare import views

app_name = "aftercare"

urlpatterns = [
    path("cases/<uuid:code>/close/", views.close, name="close"),
    path("cases/<uuid:code>/reopen/", views.reopen, name="reopen"),
    path("track/concern/feedback/", views.feedback, name="feedback"),
    path("track/concern/check-in/", views.check_in, name="check_in"),
]
