"""safespace/urls.py lists every prefix with the part that serves it: no two parts answer the
same address, so its order does not matter; nothing but the public root pages is mounted at the
root; and each namespace's views live in the part whose urls.py names it."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from types import ModuleType

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


def views_under(entry: URLPattern | URLResolver) -> Iterator[URLPattern]:
    if isinstance(entry, URLResolver):
        for inner in entry.url_patterns:
            yield from views_under(inner)
    else:
        yield entry


def test_nothing_but_the_root_pages_is_mounted_at_the_root() -> None:
    """An include at the root is either the public root pages, which are addresses in their own
    right, or a part's namespace whose every pattern sits under a prefix named in urls.py."""
    wrong = []
    for entry in urls.urlpatterns:
        if not isinstance(entry, URLResolver) or str(entry.pattern) != "":
            continue
        module = getattr(entry.urlconf_name, "__name__", None)
        if module == "safespace.public.urls":
            ok = all(isinstance(inner, URLPattern) for inner in entry.url_patterns)
        else:
            ok = bool(entry.namespace) and all(
                isinstance(inner, URLResolver) and str(inner.pattern) != ""
                for inner in entry.url_patterns
            )
        if not ok:
            wrong.append(module or entry.namespace)
    assert wrong == []


def urls_naming(namespace: str) -> ModuleType | None:
    """The part's urls.py whose `app_name` is this namespace, if the service has one (importing
    safespace.urls above imported every part's)."""
    found = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("safespace.")
        and name.endswith(".urls")
        and getattr(module, "app_name", None) == namespace
    ]
    assert len(found) <= 1, found
    return found[0] if found else None


def test_each_namespace_is_served_by_the_part_that_names_it() -> None:
    """Every view reached through a namespace lives in the package of the urls.py that names
    it: the meetings' views beside the meetings' URLs, the raiser's pages in concerns."""
    wrong = []
    checked = 0
    for namespace, (_, entry) in get_resolver().namespace_dict.items():
        module = urls_naming(namespace)
        if module is None:
            continue  # Django's admin, the configuration site
        package = module.__name__.removesuffix(".urls") + "."
        checked += 1
        wrong += [
            (namespace, pattern.name, pattern.lookup_str)
            for pattern in views_under(entry)
            if not pattern.lookup_str.startswith(package)
        ]
    assert checked >= 10
    assert wrong == []
