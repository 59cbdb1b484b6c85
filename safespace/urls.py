"""Every address the service answers, by prefix, with the module that serves it; the access
policy names each one (safespace/policy.py).

A part whose addresses all sit under one prefix is mounted there (`accounts/`, `cases/`…).
Four parts answer under several prefixes: concerns (/raise/, /track/, /exit/, /cases/new/),
aftercare (/cases/<code>/, /cases/retention/, /track/concern/), tripwire (/hr-events/,
/api/hr-events/, /track/concern/) and insights (/insights/, /actions/accountability/, the
Director's scorecard, which reads insight's summary of actions). The staff home page shares
/accounts/ with the sign-in pages.
Their URL names (`concerns:case`, `aftercare:close`…) must each stay in one namespace, and
Django keeps one resolver per namespace: reverse() looks a namespace's names up through that
one resolver, so mounting a part's urls.py once per prefix would make several `concerns`
resolvers, reverse() would see the names of only one of them, and `manage.py check` would
warn (urls.W005). So `in_namespace` gives each such part one namespace whose resolver sits at
the root and answers no address itself; under it, each of the part's groups of patterns is
listed here at its prefix. Nothing else is mounted at the root but the public root pages.

No two parts answer the same address, so the order of this list does not matter
(tests/test_url_order.py checks that, and that nothing else is mounted at the root).
"""

from types import ModuleType

from django.apps import apps
from django.urls import URLPattern, URLResolver, include, path

from safespace.aftercare import urls as aftercare
from safespace.concerns import urls as concerns
from safespace.configuration.admin import site as configuration_site
from safespace.insights import urls as insights
from safespace.tripwire import urls as tripwire


def in_namespace(part: ModuleType, groups: dict[str, list[URLPattern]]) -> URLResolver:
    """A part's groups of patterns, each at its prefix, in the part's one namespace (the
    `app_name` of its urls.py)."""
    under_prefixes = [path(prefix, include(patterns)) for prefix, patterns in groups.items()]
    return path("", include((under_prefixes, part.app_name)))


urlpatterns = [
    # /, /privacy/, /accessibility/, /healthz: the root pages, at the root by nature.
    path("", include("safespace.public.urls")),
    # The raiser's side: raising, signing in with the receipt, their page, the quick exit; and
    # the same questions for a champion recording a concern for someone.
    in_namespace(
        concerns,
        {
            "raise/": concerns.raise_pages,
            "track/": concerns.track_pages,
            "track/concern/": concerns.concern_pages,
            "exit/": concerns.exit_pages,
            "cases/new/": concerns.record_pages,
        },
    ),
    # Closing a case and reopening it; the raiser's feedback and check-ins after; what reaches
    # the end of its retention period.
    in_namespace(
        aftercare,
        {
            "cases/<uuid:code>/": aftercare.case_pages,
            "cases/retention/": aftercare.retention_pages,
            "track/concern/": aftercare.raiser_pages,
        },
    ),
    # The HR process watch: events in by upload or API; the raiser may stop the watch.
    in_namespace(
        tripwire,
        {
            "hr-events/": tripwire.upload_pages,
            "api/hr-events/": tripwire.api_pages,
            "track/concern/": tripwire.raiser_pages,
        },
    ),
    # /accounts/…: signing in and out, and beside them the staff home page
    path("accounts/", include("safespace.accounts.urls")),
    path("accounts/", include("safespace.staff.urls")),
    # /cases/, /cases/new/, /cases/triage/, /cases/<code>/ and its casework forms
    path("cases/", include("safespace.cases.urls")),
    # /cases/<code>/meetings/… and /cases/<code>/actions/<action>/confirm/
    path("cases/<uuid:code>/", include("safespace.actions.meetings.urls")),
    # /actions/… (but /actions/accountability/, below with insights)
    path("actions/", include("safespace.actions.urls")),
    # /champions/…
    path("champions/", include("safespace.champions.urls")),
    # /insights/…, and the Director's scorecard at /actions/accountability/: it reads insight's
    # summary of actions, and keeps the address it had beside the owners' own actions.
    in_namespace(
        insights,
        {
            "insights/": insights.insight_pages,
            "actions/accountability/": insights.accountability_pages,
        },
    ),
    # /data-protection/…
    path("data-protection/", include("safespace.dataprotection.urls")),
    # /staff-directory/…
    path("staff-directory/", include("safespace.directory.urls")),
    # /api/v1/…: the API for the organisation's systems, its OpenAPI document and docs
    path("api/v1/", include("safespace.api.urls")),
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
