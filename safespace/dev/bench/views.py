"""The bench's ceiling: a view that does nothing, behind the same middleware as every page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def ok(request: HttpRequest) -> HttpResponse:
    # No database, no template: what is left is the server, the middleware and Django itself,
    # so `make bench` can say how far each page is below that.
    return HttpResponse("ok", content_type="text/plain")
