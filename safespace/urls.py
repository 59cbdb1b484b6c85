"""Every address the service answers; the access policy names each one (safespace/policy.py)."""

from django.conf import settings
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
    # Public and trivial: `make bench`, which serves the stack as development, measures every
    # page against it. Production does not answer it.
    *([] if settings.PRODUCTION else [path("bench/", include("safespace.bench.urls"))]),
    path("", include("safespace.tripwire.urls")),
    path("configuration/", configuration_site.urls),
]

handler403 = "safespace.public.views.error_403"
handler400 = "safespace.public.views.error_400"
handler404 = "safespace.public.views.error_404"
handler500 = "safespace.public.views.error_500"
