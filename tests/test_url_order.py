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
    entries: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named(entry.url_patterns, namespace)
        elif entry.name:
            yield f"{prefix}{entry.name}", entry


def sample_kwargs(pattern: URLPattern) -> dict[str, object] | None:
    """A value for each of the address's parameters, or None for a regular-expression address."""
    if not isinstance(pattern.pattern, RoutePattern):
        return None
    kwargs: dict[str, object] = {}
    for name, converter in pattern.pattern.converters.items():
        if isinstance(converter, UUIDConverter):
            kwargs[name] = SAMPLE
        elif isinstance(converter, IntConverter):
            kwargs[name] = 1
        elif isinstance(converter, SlugConverter):
            kwargs[name] = "what-happened"
        else:
            # A word-list converter (such as the casework forms): its first word.
            kwargs[name] = converter.regex.split("|")[0]
    return kwargs


def addresses() -> list[tuple[str, str]]:
    found = []
    for name, pattern in named(get_resolver().url_patterns):
        kwargs = sample_kwargs(pattern)
        if kwargs is not None:
            found.append((name, reverse(name, kwargs=kwargs)))
    return found


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
