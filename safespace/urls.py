"""Every address the service answers; the access policy names each one (safespace/policy.py)."""

from django.apps import apps
from django.urls import include, path

from safespace.configuration.admin import site as configuration_site

urlpatterns = [
    path("", include("safespace.public.urls")),
    path("", include("safespace.concerns.urls")),
    path("accounts/", include("safespace.accounts.urls")),
    # Before the cases' own addresses, whose /cases/<code>/<what>/ would otherwise take these.
    path("", include("safespace.aftercare.urls")),
    path("cases/", include("safespace.cases.urls")),
    path("cases/", include("safespace.actions.meeting_urls")),
    path("champions/", include("safespace.champions.urls")),
    path("actions/", include("safespace.actions.urls")),
    path("insights/", include("safespace.insights.urls")),
    path("staff-directory/", include("safespace.directory.urls")),
    # Public and trivial: `make bench` measures every page against it. Only where the
    # development app is installed, which production never does (safespace/settings.py).
    *(
        [path("bench/", include("safespace.dev.bench.urls"))]
        if apps.is_installed("safespace.dev")
        else []
    ),
    path("", include("safespace.tripwire.urls")),
    path("configuration/", configuration_site.urls),
]

handler403 = "safespace.public.views.error_403"
handler400 = "safespace.public.views.error_400"
handler404 = "safespace.public.views.error_404"
handler500 = "safespace.public.views.error_500"
