"""The HR processes noticed since someone spoke up, for the raiser's and the staff case pages."""

from __future__ import annotations

from django.conf import settings
from django.template import defaulttags

from safespace.cases.models import Case
from safespace.tripwire.services import ShownAlert, read_alerts

# Our own tag register, of the same kind as the one behind Django's built-in tags.
register = type(defaulttags.register)()


@register.simple_tag
def hr_alerts(case: Case, raiser_view: bool = False) -> list[ShownAlert]:
    # Only ever given a case the page has already been allowed to show.
    return read_alerts(case, raiser_view=raiser_view)


@register.simple_tag
def tripwire_months() -> int:
    return int(settings.SAFESPACE_TRIPWIRE_MONTHS)
