"""The shapes every insight figure passes through: counted, then published.

A `Counts` is what the database said: exact counts in rows and columns. Nobody without case
access ever sees one. `disclosure.publish()` turns it into a `Published` table: each figure
either shown or withheld, with the words a person reads. Charts, the pages, CSV and XLSX
exports, the quarterly return and the evaluation report all draw from `Published` tables
only, so a figure can reach the screen or a file only through disclosure control.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Counts:
    """Exact counts: `cells[r][c]` people or things in row r and column c.

    A one-way table (concerns by theme) has a single column. Totals are worked out here, not
    passed in, so they always agree with the cells.
    """

    key: str  # a slug, used in export addresses and file names: "by-theme"
    title: str  # "Concerns by theme"
    row_heading: str  # "Theme"
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    # Whether the table's rows and columns add up to a meaningful whole. A table of concerns
    # by theme, where one concern can carry two themes, does not: its row totals are not
    # published and so cannot be used to recover a hidden cell.
    additive: bool = True
    description: str = ""

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.rows):
            raise ValueError(
                f"{self.key}: {len(self.cells)} rows of cells for {len(self.rows)} labels"
            )
        for row in self.cells:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"{self.key}: a row has {len(row)} cells for {len(self.columns)} columns"
                )
            if any(value < 0 for value in row):
                raise ValueError(f"{self.key}: counts cannot be negative")

    def row_total(self, r: int) -> int:
        return sum(self.cells[r])

    def column_total(self, c: int) -> int:
        return sum(row[c] for row in self.cells)

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.cells)


@dataclass(frozen=True)
class Figure:
    """One published figure: its value, or None when withheld, and what a person reads."""

    value: int | float | None
    text: str

    @property
    def withheld(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Published:
    """A table fit to show: every figure already through disclosure control (or exact, for a
    viewer entitled to exact figures). Totals are figures too, and may be withheld."""

    key: str
    title: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Figure, ...]], ...]
    # Row totals (one per row) and column totals (one per column, then the grand total); empty
    # when the table is not additive or has a single column.
    row_totals: tuple[Figure, ...] = ()
    column_totals: tuple[Figure, ...] = ()
    description: str = ""
    exact: bool = False  # True when shown without disclosure control (the lead, own network)
    notes: tuple[str, ...] = field(default=())

    @property
    def any_withheld(self) -> bool:
        figures = [f for _, row in self.rows for f in row]
        return any(f.withheld for f in [*figures, *self.row_totals, *self.column_totals])
