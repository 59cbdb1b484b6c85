"""`{% provider_sign_in next %}`: the sign-in page's way in through the organisation's OpenID
provider (safespace/accounts/oidc.py), shown only when the installation has one."""

from __future__ import annotations

from django.conf import settings
from django.template import defaulttags
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from safespace.accounts import oidc

# Our own tag register, of the same kind as the one behind Django's built-in tags.
register = type(defaulttags.register)()


@register.simple_tag
def provider_sign_in(next_url: str = "") -> SafeString:
    provider = oidc.configured()
    if provider is None:
        return mark_safe("")
    context = {
        "provider": provider,
        "next": next_url,
        "administrators_only": settings.SAFESPACE_LOCAL_SIGN_IN == "administrators",
    }
    return mark_safe(render_to_string("accounts/oidc_button.html", context))  # noqa: S308 (a rendered template, escaped there)
