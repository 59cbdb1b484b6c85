"""Every address the service answers; the access policy names each one (safespace/policy.py).

Each part serves its own addresses from its urls.py, under the prefixes listed beside it here.
No two parts answer the same address, so the order of this list does not matter
(tests/test_url_order.py checks it).
"""

from django.apps import apps
from django.urls import include, path

from safespace.configuration.admin import site as configuration_site

urlpatterns = [
    # /, /privacy/, /accessibility/, /healthz
    path("", include("safespace.public.urls")),
    # /raise/…, /track/, /track/concern/ (the raiser's page), /track/leave/, /exit/
    path("", include("safespace.concerns.urls")),
    # /track/concern/feedback/ and /check-in/; /cases/<code>/close/ and /reopen/
    path("", include("safespace.aftercare.urls")),
    # /hr-events/import/, /api/hr-events/, /track/concern/hr-watch/stop/
    path("", include("safespace.tripwire.urls")),
    # /accounts/…
    path("accounts/", include("safespace.accounts.urls")),
    # /cases/, /cases/new/, /cases/triage/, /cases/<code>/ and its casework forms
    path("cases/", include("safespace.cases.urls")),
    # /cases/<code>/meetings/… and /cases/<code>/actions/<action>/confirm/
    path("cases/<uuid:code>/", include("safespace.actions.meetings.urls")),
    # /actions/…
    path("actions/", include("safespace.actions.urls")),
    # /champions/…
    path("champions/", include("safespace.champions.urls")),
    # /insights/…
    path("insights/", include("safespace.insights.urls")),
    # /staff-directory/…
    path("staff-directory/", include("safespace.directory.urls")),
    # /configuration/… (Django's admin, for the administrator)
    path("configuration/", configuration_site.urls),
    # /bench/ok: public and trivial, `make bench` measures every page against it. Only where
    # the development app is installed, which production never does (safespace/settings.py).
    *(
        [path("bench/", include("safespace.dev.bench.urls"))]
        if apps.is_installed("safespace.dev")
        else []
    ),
]

handler403 = "safespace.public.views.error_403"
handler400 = "safespace.public.views.error_400"
handler404 = "safespace.public.views.error_404"
handler500 = "safespace.public.views.error_500"
