"""Keep what people type out of error pages, error emails and logs.

A crash while someone sends their story must not put the story, their passphrase or their
contact details in front of whoever reads the error. Django hides variables and POST values
marked with `sensitive_variables` / `sensitive_post_parameters`, but only when DEBUG is off:
the filter here applies the marks always, and hides every form value and every cookie whatever
the marks say. `confidential` marks a view: every local variable of the view and of everything
it calls is hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, QueryDict
from django.views.debug import SafeExceptionReporterFilter
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

View = TypeVar("View", bound=Callable[..., Any])


def confidential(view: View) -> View:
    """Mark a view whose requests carry a story, a note, a passphrase, a name or a contact."""
    return sensitive_post_parameters()(sensitive_variables()(view))


class ConfidentialReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request: HttpRequest | None) -> bool:
        # Django's own filter stands down when DEBUG is on; a developer's debug page can be
        # seen over a shoulder or pasted into a ticket, so this one never does.
        return True

    def get_post_parameters(self, request: HttpRequest | None) -> QueryDict | dict[str, str]:
        if request is None:
            return {}
        cleansed = request.POST.copy()
        for name in cleansed:
            cleansed.setlist(name, [self.cleansed_substitute])
        return cleansed

    def get_safe_cookies(self, request: HttpRequest) -> dict[str, str]:
        # The draft cookie holds the key that opens someone's unsent answers.
        return {name: self.cleansed_substitute for name in getattr(request, "COOKIES", {})}
