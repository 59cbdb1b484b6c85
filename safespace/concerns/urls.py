from django.urls import path

from safespace.concerns import views

app_name = "concerns"

urlpatterns = [
    path("raise/", views.start, name="start"),
    path("raise/check-your-answers/", views.check, name="check"),
    path("raise/confirmation/", views.confirmation, name="confirmation"),
    path("raise/forget/", views.forget, name="forget"),
    path("raise/<slug:slug>/", views.step, name="step"),
    path("track/", views.track, name="track"),
    path("track/concern/", views.case_page, name="case"),
    path("track/concern/message/", views.send_message, name="message"),
    path("track/concern/sharing/", views.change_sharing, name="sharing"),
    path("track/concern/withdraw/", views.withdraw, name="withdraw"),
    path("track/concern/release/", views.release, name="release"),
    path("track/concern/minutes/", views.reply_to_minutes, name="minutes"),
    path("track/concern/actions/", views.dispute_action, name="dispute"),
    path("track/leave/", views.leave, name="leave"),
    path("exit/", views.exit_page, name="exit"),
]
