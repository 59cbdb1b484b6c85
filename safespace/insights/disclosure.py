"""Disclosure control: which figures a person without case access may see, and in what words.

The rules, in plain words:

1. **Small numbers are never shown.** A count from 1 to 4 is shown as "fewer than 5". The
   threshold (5 unless SAFESPACE_DISCLOSURE_THRESHOLD says otherwise) can be raised but never
   set below 3; the words always name it. A zero is a true zero and is shown as 0.
2. **Totals are figures too.** Tables whose rows and columns add up to a whole show a total
   for each column and a grand total, and a total for each row when there is more than one
   column. A total from 1 to 4 is shown as "fewer than 5" like any other small number.
   Tables that do not add up (one concern can carry two themes) show no totals at all.
3. **Nothing hidden can be worked out.** If a hidden figure could be found exactly from the
   figures that are shown, for example by taking the other cells of a row from its total,
   more figures are withheld (shown as "withheld") until it cannot. Each time, the figures
   withheld are the smallest set that will do, cells before totals; a withheld figure may be
   large.
   The check assumes the reader knows every figure shown, that "fewer than 5" means 1 to 4,
   that "withheld" means at least 5 and no more than the grand total, and these rules. It is
   satisfied only when every hidden figure, totals included, could still take at least two
   different values that fit everything shown.
4. **When in doubt, show nothing.** If no choice of figures to withhold can protect a small
   one (a table of two figures, 1 and 5, whose total is shown, cannot be protected), every
   figure in the table, totals included, is withheld.
5. **Percentages and averages follow their counts.** A percentage is withheld when its base is
   below the threshold, or when the number it counts, or the number it leaves out, is from 1
   to 4: either would let a small count be worked back. A median is withheld when fewer than
   the threshold contributed to it.
6. **Exact figures for those entitled to them.** A lead champion looking at their own network
   sees every figure exactly.

Two limits are worth knowing. The check covers one table at a time: tables of the same
concerns cut different ways share their grand total, which is why the grand total is only
hidden when it is itself small, but two tables sharing other figures (a month and a month by
stage) are not checked together. And a hidden figure is kept from being known exactly, not
from being narrowed: a reader may sometimes tell that a "fewer than 5" is a 1 or a 2.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext, gettext_noop

from safespace.insights.tables import Counts, Figure, Published

# Below 3 a "fewer than" figure would be a 1 or a 2: too close to naming someone.
MINIMUM_THRESHOLD = 3
# What a hidden figure reads, kept in English here: gettext(WITHHELD) is what a person reads.
WITHHELD = gettext_noop("withheld")
NO_DATA = gettext_noop("no data")
# An average's unit after its figure, by the name callers give it.
UNITS = {"days": gettext_noop("%(number)s days"), "hours": gettext_noop("%(number)s hours")}


def threshold_setting() -> int:
    """The configured threshold, refused when it is below the minimum."""
    value = settings.SAFESPACE_DISCLOSURE_THRESHOLD
    if not isinstance(value, int) or value < MINIMUM_THRESHOLD:
        raise ImproperlyConfigured(
            f"SAFESPACE_DISCLOSURE_THRESHOLD must be a whole number of at least "
            f"{MINIMUM_THRESHOLD}, not {value!r}: smaller figures could identify someone."
        )
    return value


def _threshold(threshold: int | None) -> int:
    if threshold is None:
        return threshold_setting()
    if threshold < MINIMUM_THRESHOLD:
        raise ValueError(
            f"A disclosure threshold must be at least {MINIMUM_THRESHOLD}, not {threshold}."
        )
    return threshold


def fewer_than(threshold: int) -> str:
    return gettext("fewer than %(threshold)s") % {"threshold": threshold}


def _is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def _number(value: int) -> str:
    return f"{value:,}"


# --- Tables -----------------------------------------------------------------------------

SOURCE, SINK = 0, 1


class _Status(Enum):
    SHOWN = "shown"
    SMALL = "small"  # "fewer than N"
    WITHHELD = "withheld"  # hidden so that a small figure cannot be worked out


class _Kind(Enum):
    CELL = "cell"
    ROW_TOTAL = "row total"
    COLUMN_TOTAL = "column total"
    GRAND_TOTAL = "grand total"
    UNPUBLISHED = "unpublished"  # a sum the table does not show, so it could be anything


@dataclass(frozen=True)
class _Edge:
    """One figure of a table, as an arc of the network that the table's sums make."""

    tail: int
    head: int
    value: int
    kind: _Kind


def _network(counts: Counts) -> list[_Edge]:
    """The table as a circulation: the source sends each row its total, each row sends each
    cell to its column, each column sends its total to the sink, and the sink returns the
    grand total to the source.

    Flow balances at every node exactly when every sum adds up, so the tables a reader could
    believe are the circulations that fit what is shown. The true figures are one. Any other
    differs from it by flow around cycles, so a hidden figure could have been different if and
    only if some cycle through it has room to carry one more (or one less): a cycle through
    arcs whose figures are hidden and not at the edge of their known range. That makes the
    check exact, and quick for any table a page shows.

    Edges come cells first (row by row), then a row total per row, a column total per column
    and the grand total, so an edge's index is also its place in the table.
    """
    height, width = len(counts.rows), len(counts.columns)
    two_way = counts.additive and width > 1
    edges = [
        _Edge(2 + r, 2 + height + c, counts.cells[r][c], _Kind.CELL)
        for r in range(height)
        for c in range(width)
    ]
    row_kind = _Kind.ROW_TOTAL if two_way else _Kind.UNPUBLISHED
    edges += [_Edge(SOURCE, 2 + r, counts.row_total(r), row_kind) for r in range(height)]
    column_kind = _Kind.COLUMN_TOTAL if two_way else _Kind.UNPUBLISHED
    edges += [
        _Edge(2 + height + c, SINK, counts.column_total(c), column_kind) for c in range(width)
    ]
    grand_kind = _Kind.GRAND_TOTAL if counts.additive else _Kind.UNPUBLISHED
    edges.append(_Edge(SINK, SOURCE, counts.total, grand_kind))
    return edges


def publish(counts: Counts, *, exact: bool = False, threshold: int | None = None) -> Published:
    """The table as it may be shown: exact for a viewer entitled to exact figures, otherwise
    under the rules in this module's docstring.

    Row totals come one per row. Column totals come one per column and then the grand total,
    except in a one-way table, where the column's total is the grand total and comes once.
    """
    edges = _network(counts)
    if exact:
        return _published(counts, edges, [_Status.SHOWN] * len(edges), threshold=0, exact=True)
    n = _threshold(threshold)
    primary = [
        _Status.SMALL
        if _is_small(e.value, n) and e.kind is not _Kind.UNPUBLISHED
        else _Status.SHOWN
        for e in edges
    ]
    status = _protect(edges, primary, n)
    if status is None:
        everything = [_Status.WITHHELD] * len(edges)
        note = gettext(
            "Every figure in this table is withheld: the numbers are so small that any of "
            "them could help identify someone."
        )
        return _published(counts, edges, everything, threshold=n, exact=False, notes=(note,))
    notes: tuple[str, ...] = ()
    if _Status.SMALL in status:
        notes += (small_note(n),)
    if _Status.WITHHELD in status:
        notes += (
            gettext(
                "Figures marked “withheld” are hidden so that the small numbers cannot be "
                "worked out from the others."
            ),
        )
    return _published(counts, edges, status, threshold=n, exact=False, notes=notes)


def small_note(threshold: int) -> str:
    """What "fewer than N" stands for, in a sentence under the table."""
    return gettext("“fewer than %(threshold)s” stands for a number from 1 to %(highest)s.") % {
        "threshold": threshold,
        "highest": threshold - 1,
    }


def _published(
    counts: Counts,
    edges: list[_Edge],
    status: list[_Status],
    *,
    threshold: int,
    exact: bool,
    notes: tuple[str, ...] = (),
) -> Published:
    def figure(k: int) -> Figure:
        if status[k] is _Status.SMALL:
            return Figure(None, fewer_than(threshold))
        if status[k] is _Status.WITHHELD:
            return Figure(None, gettext(WITHHELD))
        return Figure(edges[k].value, _number(edges[k].value))

    def of_kind(*kinds: _Kind) -> tuple[Figure, ...]:
        return tuple(figure(k) for k, e in enumerate(edges) if e.kind in kinds)

    width = len(counts.columns)
    return Published(
        key=counts.key,
        title=counts.title,
        row_heading=counts.row_heading,
        columns=counts.columns,
        rows=tuple(
            (label, tuple(figure(r * width + c) for c in range(width)))
            for r, label in enumerate(counts.rows)
        ),
        row_totals=of_kind(_Kind.ROW_TOTAL),
        column_totals=of_kind(_Kind.COLUMN_TOTAL, _Kind.GRAND_TOTAL),
        description=counts.description,
        exact=exact,
        notes=notes,
    )


# --- Secondary suppression ----------------------------------------------------------------


def _bounds(edge: _Edge, status: _Status, n: int, grand: int) -> tuple[int, int | None]:
    """What a reader knows of a figure: the lowest and highest it could be (None: no limit)."""
    if edge.kind is _Kind.UNPUBLISHED:
        return 0, None
    if status is _Status.SMALL:
        return 1, n - 1
    if status is _Status.WITHHELD:
        # Zeros and small numbers are never withheld, and nothing exceeds the grand total.
        return n, grand
    return edge.value, edge.value


def _room(edge: _Edge, bounds: tuple[int, int | None]) -> tuple[bool, bool]:
    """Whether the figure could be one more, and one less, than it is."""
    low, high = bounds
    return high is None or edge.value < high, edge.value > low


def _protect(edges: list[_Edge], status: list[_Status], n: int) -> list[_Status] | None:
    """Withhold more figures until no hidden one can be worked out; None when no choice of
    figures to withhold would do (the table is then withheld whole).

    Withholding only ever adds room, so a figure once found safe stays safe."""
    status = list(status)
    safe: set[int] = set()
    while True:
        exposed = None
        arcs = _arcs(edges, status, n)
        for k, state in enumerate(status):
            if state is _Status.SHOWN or k in safe:
                continue
            if not _can_change(edges, status, n, arcs, k):
                exposed = k
                break
            safe.add(k)
        if exposed is None:
            return status
        cover = _cheapest_cover(edges, status, n, exposed)
        if not cover:
            return None
        for k in cover:
            status[k] = _Status.WITHHELD


def _arcs(edges: list[_Edge], status: list[_Status], n: int) -> list[list[tuple[int, int]]]:
    """For each node, where one more unit of flow could go next: (node, edge index)."""
    grand = edges[-1].value
    arcs: list[list[tuple[int, int]]] = [[] for _ in range(_nodes(edges))]
    for k, edge in enumerate(edges):
        up, down = _room(edge, _bounds(edge, status[k], n, grand))
        if up:
            arcs[edge.tail].append((edge.head, k))
        if down:
            arcs[edge.head].append((edge.tail, k))
    return arcs


def _nodes(edges: list[_Edge]) -> int:
    return 1 + max(max(e.tail, e.head) for e in edges)


def _can_change(
    edges: list[_Edge],
    status: list[_Status],
    n: int,
    arcs: list[list[tuple[int, int]]],
    k: int,
) -> bool:
    """Whether figure k lies on a cycle with room: then another table fits what is shown."""
    edge = edges[k]
    up, down = _room(edge, _bounds(edge, status[k], n, edges[-1].value))
    return (up and _reaches(arcs, edge.head, edge.tail, k)) or (
        down and _reaches(arcs, edge.tail, edge.head, k)
    )


def _reaches(arcs: list[list[tuple[int, int]]], start: int, goal: int, skip: int) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt, k in arcs[node]:
            if k != skip and nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def _cheapest_cover(
    edges: list[_Edge], status: list[_Status], n: int, exposed: int
) -> list[int] | None:
    """The shown figures whose withholding puts `exposed` on a cycle with room, choosing the
    cycle whose new figures add up to least, cells before totals; None if there is none.

    Zeros are never withheld (a withheld figure is known to be at least the threshold, so a
    zero would gain no room) and neither is the grand total, which other tables show."""
    grand = edges[-1].value
    arcs: list[list[tuple[int, int, int]]] = [[] for _ in range(_nodes(edges))]
    for k, edge in enumerate(edges):
        if k == exposed:
            continue
        if status[k] is not _Status.SHOWN or edge.kind is _Kind.UNPUBLISHED:
            cost, bounds = 0, _bounds(edge, status[k], n, grand)
        elif edge.value > 0 and edge.kind is not _Kind.GRAND_TOTAL:
            # A total costs more than any cell: readers lean on totals.
            cost = edge.value if edge.kind is _Kind.CELL else edge.value + grand
            bounds = _bounds(edge, _Status.WITHHELD, n, grand)
        else:
            continue
        up, down = _room(edge, bounds)
        if up:
            arcs[edge.tail].append((edge.head, cost, k))
        if down:
            arcs[edge.head].append((edge.tail, cost, k))
    edge = edges[exposed]
    up, down = _room(edge, _bounds(edge, status[exposed], n, grand))
    paths = []
    if up:
        paths.append(_cheapest_path(arcs, edge.head, edge.tail))
    if down:
        paths.append(_cheapest_path(arcs, edge.tail, edge.head))
    found = [path for path in paths if path is not None]
    if not found:
        return None
    _, path = min(found)
    return [k for k in path if status[k] is _Status.SHOWN]


def _cheapest_path(
    arcs: list[list[tuple[int, int, int]]], start: int, goal: int
) -> tuple[int, list[int]] | None:
    """Dijkstra's shortest path: its cost and the edges it uses, or None if goal is out of
    reach."""
    best = {start: 0}
    via: dict[int, tuple[int, int]] = {}
    queue = [(0, start)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == goal:
            path = []
            while node != start:
                node, k = via[node]
                path.append(k)
            return cost, path[::-1]
        if cost > best[node]:
            continue
        for nxt, step, k in arcs[node]:
            if cost + step < best.get(nxt, cost + step + 1):
                best[nxt] = cost + step
                via[nxt] = (node, k)
                heapq.heappush(queue, (cost + step, nxt))
    return None


# --- Single figures -------------------------------------------------------------------------


def percentage(numerator: int, base: int, *, exact: bool, threshold: int | None = None) -> Figure:
    """`numerator` out of `base` as a whole percentage ("67%"), or withheld.

    Withheld when the base is below the threshold, or when the numerator or what it leaves
    out (base - numerator) is a small number: with the base shown elsewhere, either would
    give the small count back. A share of a figure in a published table must also be hidden
    wherever that figure or its base is withheld there; this function cannot know that."""
    if not 0 <= numerator <= base:
        raise ValueError(f"A percentage needs 0 <= numerator <= base, not {numerator} of {base}.")
    if base == 0:
        return Figure(None, gettext(NO_DATA))
    if not exact:
        n = _threshold(threshold)
        if base < n or _is_small(numerator, n) or _is_small(base - numerator, n):
            return Figure(None, gettext(WITHHELD))
    # Half up, in whole numbers, so 0.5% shows as 1% and never as a float's guess.
    whole = (200 * numerator + base) // (2 * base)
    return Figure(whole, f"{whole}%")


def median_figure(
    value: float | None,
    base: int,
    *,
    exact: bool,
    threshold: int | None = None,
    unit: str = "",
) -> Figure:
    """A median (or other average) of `base` contributions, to one decimal place ("12.5",
    or "12.5 days" with a unit), or withheld when fewer than the threshold contributed."""
    if value is None or base == 0:
        return Figure(None, gettext(NO_DATA))
    if not exact and base < _threshold(threshold):
        return Figure(None, gettext(WITHHELD))
    rounded = round(value, 1)
    text = f"{rounded:,.1f}".removesuffix(".0")
    if unit in UNITS:
        return Figure(rounded, gettext(UNITS[unit]) % {"number": text})
    return Figure(rounded, f"{text} {unit}" if unit else text)
