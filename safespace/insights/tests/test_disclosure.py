"""Disclosure control: small numbers hidden, nothing hidden recoverable, exact figures for leads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safespace.insights.disclosure import median_figure, percentage, publish, threshold_setting
from safespace.insights.tables import Counts, Figure, Published


def table(cells: list[list[int]], *, additive: bool = True) -> Counts:
    return Counts(
        key="test",
        title="Concerns by directorate and stage",
        row_heading="Directorate",
        rows=tuple(f"Directorate {r + 1}" for r in range(len(cells))),
        columns=tuple(f"Stage {c + 1}" for c in range(len(cells[0]))),
        cells=tuple(tuple(row) for row in cells),
        additive=additive,
    )


def texts(published: Published) -> list[list[str]]:
    return [[figure.text for figure in row] for _, row in published.rows]


def every_figure(published: Published) -> list[Figure]:
    cells = [figure for _, row in published.rows for figure in row]
    return [*cells, *published.row_totals, *published.column_totals]


# --- The threshold ---------------------------------------------------------------------------


def test_the_threshold_is_five_unless_set() -> None:
    assert settings.SAFESPACE_DISCLOSURE_THRESHOLD == 5
    assert threshold_setting() == 5


@override_settings(SAFESPACE_DISCLOSURE_THRESHOLD=7)
def test_a_higher_threshold_is_used_and_named_in_the_words() -> None:
    published = publish(table([[6, 7, 30]]), threshold=None)
    assert texts(published) == [["fewer than 7", "withheld", "30"]]


@override_settings(SAFESPACE_DISCLOSURE_THRESHOLD=2)
def test_a_threshold_below_three_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="at least 3"):
        threshold_setting()
    with pytest.raises(ImproperlyConfigured, match="at least 3"):
        publish(table([[1, 9]]))


def test_a_threshold_below_three_is_refused_when_asked_for_directly() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        publish(table([[1, 9]]), threshold=2)
    with pytest.raises(ValueError, match="at least 3"):
        percentage(5, 10, exact=False, threshold=2)


def test_the_service_will_not_start_with_a_threshold_below_three() -> None:
    environment = {**os.environ, "SAFESPACE_ENV": "test", "SAFESPACE_DISCLOSURE_THRESHOLD": "2"}
    started = subprocess.run(
        [sys.executable, "-c", "import safespace.settings"],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode != 0
    assert "SAFESPACE_DISCLOSURE_THRESHOLD must be at least 3" in started.stderr


# --- Small numbers and totals -----------------------------------------------------------------


def test_small_counts_are_hidden_and_zeros_and_larger_counts_shown() -> None:
    published = publish(table([[0], [1], [4], [5], [1234]], additive=False), threshold=5)
    assert texts(published) == [["0"], ["fewer than 5"], ["fewer than 5"], ["5"], ["1,234"]]
    assert [f.value for _, row in published.rows for f in row] == [0, None, None, 5, 1234]
    assert published.row_totals == published.column_totals == ()
    assert not published.exact


def test_a_table_that_does_not_add_up_needs_no_further_hiding() -> None:
    # One concern can carry two themes, so no total is shown and nothing can be subtracted.
    published = publish(table([[2, 9], [30, 3]], additive=False), threshold=5)
    assert texts(published) == [["fewer than 5", "9"], ["30", "fewer than 5"]]


def test_a_one_way_table_shows_its_grand_total_once() -> None:
    published = publish(table([[12], [9], [30]]), threshold=5)
    assert texts(published) == [["12"], ["9"], ["30"]]
    assert published.row_totals == ()
    assert published.column_totals == (Figure(51, "51"),)
    assert not published.any_withheld


def test_a_two_way_table_shows_row_column_and_grand_totals() -> None:
    published = publish(table([[10, 20], [30, 40], [5, 6]]), threshold=5)
    assert [f.text for f in published.row_totals] == ["30", "70", "11"]
    assert [f.text for f in published.column_totals] == ["45", "66", "111"]


def test_one_small_cell_in_a_one_way_table_takes_the_next_smallest_with_it() -> None:
    published = publish(table([[2], [7], [9], [40]]), threshold=5)
    assert texts(published) == [["fewer than 5"], ["withheld"], ["9"], ["40"]]
    assert published.column_totals == (Figure(58, "58"),)
    assert any("from 1 to 4" in note for note in published.notes)


def test_a_small_cell_is_hidden_with_the_cheapest_rectangle_around_it() -> None:
    # Rectangles through the 2: 10+15+9 = 34 is cheaper than 20+8+7 = 35 and the others.
    published = publish(table([[2, 10, 20], [8, 30, 7], [15, 9, 40]]), threshold=5)
    assert texts(published) == [
        ["fewer than 5", "withheld", "20"],
        ["8", "30", "7"],
        ["withheld", "withheld", "40"],
    ]
    assert not any(f.withheld for f in [*published.row_totals, *published.column_totals])


def test_a_small_total_is_hidden_and_so_is_a_total_that_would_give_it_away() -> None:
    # Row 1 adds up to 2; with the grand total shown, row 2's total would give it back.
    published = publish(table([[2, 0], [5, 9]]), threshold=5)
    assert texts(published) == [["fewer than 5", "0"], ["withheld", "9"]]
    assert [f.text for f in published.row_totals] == ["fewer than 5", "withheld"]
    assert [f.text for f in published.column_totals] == ["7", "9", "16"]


def test_a_small_grand_total_is_hidden_but_zeros_stay() -> None:
    published = publish(table([[1], [2], [0]]), threshold=5)
    assert texts(published) == [["fewer than 5"], ["fewer than 5"], ["0"]]
    assert published.column_totals == (Figure(None, "fewer than 5"),)


def test_a_table_that_cannot_be_protected_is_withheld_whole() -> None:
    # 1 and 5 out of 6: hiding the 5 too would still leave 6 - 5 = 1, the only fit.
    published = publish(table([[1], [5]]), threshold=5)
    assert all(f.text == "withheld" for f in every_figure(published))
    assert any("Every figure in this table is withheld" in note for note in published.notes)


def test_the_lead_sees_every_figure_exactly() -> None:
    published = publish(table([[2, 0], [5, 9]]), exact=True)
    assert texts(published) == [["2", "0"], ["5", "9"]]
    assert [f.value for f in published.row_totals] == [2, 14]
    assert [f.value for f in published.column_totals] == [7, 9, 16]
    assert published.exact
    assert not published.any_withheld
    assert published.notes == ()


# --- Percentages and medians -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "base", "shown"),
    [
        (10, 20, "50%"),
        (0, 12, "0%"),
        (12, 12, "100%"),
        (5, 15, "33%"),
        (10, 15, "67%"),
        (2, 10, None),  # the count itself is small
        (8, 10, None),  # what it leaves out is small: 10 - 8 = 2
        (3, 4, None),  # the base is small
        (0, 4, None),
    ],
)
def test_a_percentage_is_hidden_when_a_small_count_could_be_worked_back(
    numerator: int, base: int, shown: str | None
) -> None:
    figure = percentage(numerator, base, exact=False, threshold=5)
    assert figure.text == (shown or "withheld")
    assert figure.withheld is (shown is None)


def test_exact_percentages_are_rounded_half_up_and_always_shown() -> None:
    assert percentage(2, 3, exact=True) == Figure(67, "67%")
    assert percentage(1, 8, exact=True) == Figure(13, "13%")  # 12.5%
    assert percentage(1, 200, exact=True) == Figure(1, "1%")  # 0.5%


def test_a_percentage_of_nothing_says_so() -> None:
    assert percentage(0, 0, exact=True) == Figure(None, "no data")
    assert percentage(0, 0, exact=False, threshold=5) == Figure(None, "no data")
    with pytest.raises(ValueError, match="numerator <= base"):
        percentage(3, 2, exact=True)


def test_a_median_is_hidden_when_fewer_than_the_threshold_contributed() -> None:
    assert median_figure(12.5, 4, exact=False, threshold=5) == Figure(None, "withheld")
    assert median_figure(12.5, 5, exact=False, threshold=5) == Figure(12.5, "12.5")
    assert median_figure(12.5, 2, exact=True) == Figure(12.5, "12.5")


def test_a_median_is_given_to_one_place_with_its_unit() -> None:
    assert median_figure(12.0, 9, exact=False, unit="days", threshold=5).text == "12 days"
    assert median_figure(3.14159, 9, exact=False, unit="hours", threshold=5).text == "3.1 hours"
    assert median_figure(None, 0, exact=False, threshold=5) == Figure(None, "no data")


# --- The attacker --------------------------------------------------------------------------------


class Attacker:
    """Someone who has only the published table and tries to work out what it hides.

    They know every figure shown, that "fewer than N" means 1 to N-1, that "withheld" means at
    least N (small numbers are labelled, zeros shown) and at most `bound`, and which sums the
    table's totals are. They are also told the grand total even when the table hides it, which
    only helps them. Written apart from the module under test, sharing none of its code.
    """

    def __init__(self, published: Published, threshold: int, bound: int) -> None:
        self.threshold = threshold
        self.bound = bound
        height, width = len(published.rows), len(published.columns)
        self.known: dict[str, tuple[int, int]] = {}
        self.hidden: list[str] = []
        self.lines: list[tuple[str, list[str]]] = []
        for r, (_, row) in enumerate(published.rows):
            for c, figure in enumerate(row):
                self.read(f"cell {r},{c}", figure)
        cells = [[f"cell {r},{c}" for c in range(width)] for r in range(height)]
        for r, figure in enumerate(published.row_totals):
            self.line(f"row total {r}", figure, cells[r])
        if published.column_totals:
            *columns, grand = published.column_totals
            for c, figure in enumerate(columns):
                self.line(f"column total {c}", figure, [row[c] for row in cells])
            self.line("grand total", grand, [name for row in cells for name in row])
        self.cells = [name for name in self.hidden if name.startswith("cell")]

    def read(self, name: str, figure: Figure) -> None:
        if figure.text == f"fewer than {self.threshold}":
            self.known[name] = (1, self.threshold - 1)
        elif figure.text == "withheld":
            self.known[name] = (self.threshold, self.bound)
        else:
            value = int(figure.text.replace(",", ""))
            self.known[name] = (value, value)
            return
        self.hidden.append(name)

    def line(self, name: str, figure: Figure, members: list[str]) -> None:
        self.read(name, figure)
        self.lines.append((name, members))

    def possible_values(self) -> dict[str, set[int]]:
        """For each hidden figure, values it could take: every one if it is pinned down,
        otherwise (enough to know it is safe) two."""
        first = self.solve()
        assert first is not None, "the truth itself fits what is shown"
        possible = {}
        for name in self.hidden:
            other = self.solve(differing=(name, first[name]))
            possible[name] = {first[name]} | ({other[name]} if other else set())
        return possible

    def solve(self, differing: tuple[str, int] | None = None) -> dict[str, int] | None:
        """Values for the hidden cells that fit everything shown (and, if asked, give one
        figure a value other than the one named), trying values cell by cell, each only in
        the range its sums still leave open, and the figure to change first."""
        values = {name: low for name, (low, _) in self.known.items() if name not in self.hidden}
        target, avoid = differing if differing else ("", 0)
        members = dict(self.lines).get(target, [target])
        order = [c for c in self.cells if c in members] + [
            c for c in self.cells if c not in members
        ]

        def extent(line: list[str], leaving_out: str) -> tuple[int, int]:
            ranges = [
                (values[m], values[m]) if m in values else self.known[m]
                for m in line
                if m != leaving_out
            ]
            return sum(low for low, _ in ranges), sum(high for _, high in ranges)

        def target_kept() -> bool:
            """Whether the figure to change is settled, and settled at the value to avoid."""
            if not differing or not all(m in values for m in members):
                return False
            return sum(values[m] for m in members) == avoid

        def attempt(i: int) -> bool:
            if i == len(order):
                for total, line in self.lines:
                    values[total] = sum(values[m] for m in line)
                    low, high = self.known[total]
                    assert low <= values[total] <= high
                return True
            name = order[i]
            low, high = self.known[name]
            for total, line in self.lines:
                if name in line:
                    least, most = extent(line, leaving_out=name)
                    low = max(low, self.known[total][0] - most)
                    high = min(high, self.known[total][1] - least)
            for value in range(low, high + 1):
                values[name] = value
                if not target_kept() and attempt(i + 1):
                    return True
            values.pop(name, None)
            return False

        return dict(values) if attempt(0) else None


def truths(counts: Counts) -> list[int]:
    """The true figures in the order `every_figure` gives them."""
    cells = [value for row in counts.cells for value in row]
    if not counts.additive:
        return cells
    width = len(counts.columns)
    if width == 1:
        return [*cells, counts.total]
    rows = [counts.row_total(r) for r in range(len(counts.rows))]
    columns = [counts.column_total(c) for c in range(width)]
    return [*cells, *rows, *columns, counts.total]


def test_the_attacker_recovers_a_cell_when_only_small_numbers_are_hidden() -> None:
    # Without secondary suppression the 2 is the row total less the other cells.
    naive = Published(
        key="naive",
        title="",
        row_heading="",
        columns=("A", "B"),
        rows=(
            ("X", (Figure(None, "fewer than 5"), Figure(9, "9"))),
            ("Y", (Figure(6, "6"), Figure(8, "8"))),
        ),
        row_totals=(Figure(11, "11"), Figure(14, "14")),
        column_totals=(Figure(8, "8"), Figure(17, "17"), Figure(25, "25")),
    )
    assert Attacker(naive, threshold=5, bound=25).possible_values() == {"cell 0,0": {2}}


small_skewed = st.one_of(st.integers(0, 3), st.integers(0, 6), st.integers(0, 12))


@st.composite
def tables(draw: st.DrawFn) -> tuple[Counts, int]:
    height = draw(st.integers(1, 5))
    width = draw(st.integers(1, 4))
    cells = draw(
        st.lists(
            st.lists(small_skewed, min_size=width, max_size=width), min_size=height, max_size=height
        )
    )
    additive = draw(st.booleans())
    threshold = draw(st.integers(3, 6))
    return table(cells, additive=additive), threshold


@hypothesis_settings(max_examples=400, deadline=None)
@given(tables())
@example((table([[2, 0], [5, 9]]), 5))
@example((table([[1, 1], [1, 1]]), 5))
@example((table([[3], [7], [0], [12]]), 5))
@example((table([[4, 5, 12], [6, 0, 3], [12, 12, 1]]), 5))
def test_no_hidden_figure_can_be_worked_out_from_what_is_shown(drawn: tuple[Counts, int]) -> None:
    counts, threshold = drawn
    published = publish(counts, threshold=threshold)
    figures = every_figure(published)
    true = truths(counts)
    assert len(figures) == len(true)
    if all(f.text == "withheld" for f in figures):
        return  # withheld whole: nothing shown, nothing to work from
    for figure, value in zip(figures, true, strict=True):
        if not figure.withheld:
            assert figure.value == value
        elif figure.text == "withheld":
            assert value >= threshold
        else:
            assert figure.text == f"fewer than {threshold}"
            assert 0 < value < threshold
        if 0 < value < threshold:
            assert figure.withheld
    possible = Attacker(published, threshold, bound=counts.total).possible_values()
    pinned = {name: values for name, values in possible.items() if len(values) < 2}
    assert not pinned, f"worked out {pinned} from {texts(published)}"


@given(tables())
def test_a_lead_sees_every_figure_exactly(drawn: tuple[Counts, int]) -> None:
    counts, _ = drawn
    published = publish(counts, exact=True)
    assert [f.value for f in every_figure(published)] == truths(counts)
    assert [f.text for f in every_figure(published)] == [f"{v:,}" for v in truths(counts)]
    assert published.exact
