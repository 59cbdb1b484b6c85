"""The API's addresses under /api/v1/: its operations, the OpenAPI document and its docs.

django-ninja writes the operations' patterns; each is wrapped here so that every call is
rate-limited, size-limited and audited (safespace/api/guard.py). The access policy names each
address as public: the operations authenticate the token themselves (safespace/policy.py).
"""

from django.urls import URLPattern, path

from safespace.api import docs
from safespace.api.guard import guarded
from safespace.api.views import api

app_name = "api"

# Most calls are small; a whole directory is one call, of up to a few hundred thousand people.
MAX_MB = {"directory": 64, "directory_changes": 64}
DEFAULT_MAX_MB = 2
DOCUMENTS = {"openapi-json", "api-root"}


def _pattern(pattern: URLPattern) -> URLPattern:
    max_mb = MAX_MB.get(pattern.name or "", DEFAULT_MAX_MB)
    return path(
        str(pattern.pattern), guarded(pattern.callback, max_mb=max_mb), name=pattern.name or ""
    )


urlpatterns = [
    *(
        _pattern(pattern)
        for pattern in api.urls[0]
        if isinstance(pattern, URLPattern) and pattern.name not in DOCUMENTS
    ),
    # /api/v1/ itself: the docs, which the OpenAPI document's paths are counted from.
    path("", docs.page, name="api-root"),
    path("openapi.json", docs.document, name="openapi-json"),
]
