"""The raiser's addresses, in groups by the prefix each sits under; safespace/urls.py mounts
each group at its prefix, all in this one `concerns` namespace. The access policy names each
one (safespace/policy.py)."""

from django.urls import path

from safespace.concerns.views import assisted, download, erase, raiser_page, raising, track

app_name = "concerns"

# /raise/: the raise form, one question a page.
raise_pages = [
    path("", raising.start, name="start"),
    path("check-your-answers/", raising.check, name="check"),
    path("confirmation/", raising.confirmation, name="confirmation"),
    path("forget/", raising.forget, name="forget"),
    path("<slug:slug>/", raising.step, name="step"),
]

# /track/: signing in with the receipt code, and signing out.
track_pages = [
    path("", track.track, name="track"),
    path("leave/", track.leave, name="leave"),
]

# /track/concern/: the raiser's page and what they can do from it.
concern_pages = [
    path("", raiser_page.case_page, name="case"),
    path("message/", raiser_page.send_message, name="message"),
    path("sharing/", raiser_page.change_sharing, name="sharing"),
    path("withdraw/", raiser_page.withdraw, name="withdraw"),
    path("release/", raiser_page.release, name="release"),
    path("minutes/", raiser_page.reply_to_minutes, name="minutes"),
    path("actions/", raiser_page.dispute_action, name="dispute"),
    path("download/", download.download, name="download"),
    path("download/pdf/", download.download_pdf, name="download_pdf"),
    path("erase/", erase.erase, name="erase"),
]

# /exit/: the quick way out.
exit_pages = [
    path("", track.exit_page, name="exit"),
]

# /cases/new/: a champion records a concern for someone, with the raise form's questions.
record_pages = [
    path("", assisted.assisted_referral, name="record"),
    path("recorded/", assisted.referral_recorded, name="recorded"),
]
