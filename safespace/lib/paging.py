"""Long lists a page at a time, with the links the GOV.UK pagination component shows."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50


@dataclass(frozen=True)
class PageLink:
    """One item of the pagination list: a page number, or an ellipsis when number is None."""

    number: int | None
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Paged:
    rows: Sequence[Any]
    number: int
    pages: int
    total: int
    # Where this page starts in the whole list, counting from 1.
    first: int
    links: list[PageLink]
    previous: str
    next: str
    # The page asked for when the list has no such page (the last page is shown instead).
    missing: int | None

    @property
    def last(self) -> int:
        """Where this page ends in the whole list, counting from 1."""
        return self.first + len(self.rows) - 1


def numbers(paginator: Paginator[Any], current: int) -> list[int | None]:
    """First, last, and the current page with its neighbours; None where pages are left out.

    Django elides only a gap of two pages or more: an ellipsis standing for one number saves
    nothing.
    """
    return [
        number if isinstance(number, int) else None  # the rest are paginator.ELLIPSIS
        for number in paginator.get_elided_page_range(current, on_each_side=1, on_ends=1)
    ]


def _href(request: HttpRequest, number: int) -> str:
    # Every other parameter (a filter, a sort) stays as it was; page 1 is the bare address.
    query = request.GET.copy()
    query.pop("page", None)
    if number > 1:
        query["page"] = str(number)
    encoded = query.urlencode()
    return request.path + (f"?{encoded}" if encoded else "")


# More digits than this is past the end of any list; Python refuses to read a number of more
# than 4,300 digits at all, and a page asking for one must not fail.
LONGEST = 100


def _asked(request: HttpRequest) -> int:
    text = request.GET.get("page", "1").strip()
    # Anything that is not a whole number is read as the first page, as if it were not there.
    if not (text.isascii() and text.isdigit()):
        return 1
    return int(text) if len(text) <= LONGEST else sys.maxsize


def page_of(
    request: HttpRequest, queryset: QuerySet[Any] | Sequence[Any], per_page: int = PER_PAGE
) -> Paged:
    """The page `?page=` asks for; past the end, the last page, with the number asked kept.

    A list already in memory (the champion pool, say) is paged the same way.

    Two queries whatever the list's length: its count, and the page itself (ordered by the
    caller, with a unique last key so rows never move between pages).
    """
    paginator = Paginator(queryset, per_page)
    asked = max(_asked(request), 1)  # "0" is the first page too
    number = min(asked, paginator.num_pages)
    rows = list(paginator.page(number).object_list)
    return Paged(
        rows=rows,
        number=number,
        pages=paginator.num_pages,
        total=paginator.count,
        first=(number - 1) * per_page + 1,
        links=[
            PageLink(n, _href(request, n), n == number) if n is not None else PageLink(None)
            for n in numbers(paginator, number)
        ],
        previous=_href(request, number - 1) if number > 1 else "",
        next=_href(request, number + 1) if number < paginator.num_pages else "",
        missing=asked if asked != number else None,
    )
