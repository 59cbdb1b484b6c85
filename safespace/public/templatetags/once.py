"""`{% once_field %}`: the hidden one-time token of a form page (safespace/accounts/once.py)."""

from __future__ import annotations

from django.template import defaulttags
from django.utils.html import format_html
from django.utils.safestring import SafeString

from safespace.accounts import once

# Our own tag register, of the same kind as the one behind Django's built-in tags.
register = type(defaulttags.register)()


@register.simple_tag(takes_context=True)
def once_field(context: dict[str, object]) -> SafeString:
    # A form shown again with errors keeps the token it was sent with, so fixing the errors
    # and sending is still the page's first and only change.
    request = context.get("request")
    sent = getattr(request, "POST", {}).get(once.FIELD, "") if request is not None else ""
    if getattr(request, once.SPENT, False):
        sent = ""  # that send did something: the form shown again is a new one
    token = sent if once.TOKEN.match(sent) else once.new_token()
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, token)
