"""`{% who_sees_what %}` and `{% promise %}`: the words of safespace/public/promises.py on a page."""

from __future__ import annotations

from typing import Any

from django.template import defaulttags

from safespace.public import promises

register = type(defaulttags.register)()


@register.inclusion_tag("includes/who_sees_what.html")
def who_sees_what(caption_id: str, size: str = "m") -> dict[str, Any]:
    return {"rows": promises.WHO_SEES_WHAT, "caption_id": caption_id, "size": size}


@register.simple_tag
def promise(name: str) -> str:
    """One of the module's sentences by name, e.g. {% promise "NAME_SEEN_BY" %}."""
    return str(getattr(promises, name))
