from django.urls import path

from safespace.concerns.views import raiser_page, raising, track

app_name = "concerns"

urlpatterns = [
    path("raise/", raising.start, name="start"),
    path("raise/check-your-answers/", raising.check, name="check"),
    path("raise/confirmation/", raising.confirmation, name="confirmation"),
    path("raise/forget/", raising.forget, name="forget"),
    path("raise/<slug:slug>/", raising.step, name="step"),
    path("track/", track.track, name="track"),
    path("track/concern/", raiser_page.case_page, name="case"),
    path("track/concern/message/", raiser_page.send_message, name="message"),
    path("track/concern/sharing/", raiser_page.change_sharing, name="sharing"),
    path("track/concern/withdraw/", raiser_page.withdraw, name="withdraw"),
    path("track/concern/release/", raiser_page.release, name="release"),
    path("track/concern/minutes/", raiser_page.reply_to_minutes, name="minutes"),
    path("track/concern/actions/", raiser_page.dispute_action, name="dispute"),
    path("track/leave/", track.leave, name="leave"),
    path("exit/", track.exit_page, name="exit"),
]
