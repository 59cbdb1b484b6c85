"""No two parts answer the same address, so the order of safespace/urls.py does not matter."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter
from django.urls.resolvers import RoutePattern

from safespace import urls

SAMPLE = uuid.UUID("00000000-0000-4000-8000-000000000001")


def named(
    entries: list[URLPattern | URLResolver],
    prefix: str = "",
    outer: tuple[tuple[str, object], ...] = (),
) -> Iterator[tuple[str, dict[str, object]]]:
    """Every named address with the converter of each of its parameters, those its prefixes
    capture (a case's code in /cases/<code>/) and its own; a regular expression has none."""
    for entry in entries:
        found = tuple(getattr(entry.pattern, "converters", {}).items())
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named(entry.url_patterns, namespace, (*outer, *found))
        elif entry.name and isinstance(entry.pattern, RoutePattern):
            yield f"{prefix}{entry.name}", dict((*outer, *found))


def sample(converter: object) -> object:
    """A value the converter accepts."""
    if isinstance(converter, UUIDConverter):
        return SAMPLE
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, SlugConverter):
        return "what-happened"
    # A word-list converter (such as the casework forms): its first word.
    return str(getattr(converter, "regex", "")).split("|")[0]


def addresses() -> list[tuple[str, str]]:
    return [
        (name, reverse(name, kwargs={key: sample(c) for key, c in converters.items()}))
        for name, converters in named(get_resolver().url_patterns)
    ]


def test_every_address_reaches_its_own_view_in_either_order() -> None:
    forwards = URLResolver(RoutePattern("/"), list(urls.urlpatterns))
    backwards = URLResolver(RoutePattern("/"), list(reversed(urls.urlpatterns)))
    checked = addresses()
    assert len(checked) > 50
    wrong = [
        (name, path, forwards.resolve(path).view_name, backwards.resolve(path).view_name)
        for name, path in checked
        if not (forwards.resolve(path).view_name == backwards.resolve(path).view_name == name)
    ]
    assert wrong == []
