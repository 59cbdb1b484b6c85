"""Published insight tables as CSV and XLSX files to download, laid out as on the page.

Only `Published` tables come here, so a file holds no more than the screen showed. Labels are
free text typed into the service (theme and directorate names), so neither file may let a
spreadsheet program run one as a formula.
"""

from __future__ import annotations

import csv
import io
import re

from django.utils.text import slugify
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from safespace.insights.tables import Figure, Published

# A cell starting with one of these may be read as a formula (or, for tab and carriage
# return, shift the cells so that the next one is). OWASP's list for CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses these in a sheet name, and names longer than 31 characters.
NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
WIDEST_COLUMN = 60  # characters; longer labels wrap rather than push the figures off screen

Cell = str | int | float


def as_csv(table: Published) -> bytes:
    """The table as CSV, UTF-8 with a byte order mark so that Excel does not read it as an
    older encoding and garble names such as "Māori" or "Zoë"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in _grid(table):
        writer.writerow([_guarded(cell) if isinstance(cell, str) else cell for cell in line])
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(table: Published) -> bytes:
    """The table as a one-sheet workbook: figures as numbers a spreadsheet can sum, withheld
    figures and every label as text that is never evaluated."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(table.title)
    workbook.properties.title = table.title
    workbook.properties.creator = gettext("Safe Space")
    grid = _grid(table)
    for r, line in enumerate(grid, start=1):
        for c, value in enumerate(line, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                # openpyxl takes text starting with "=" for a formula and "#N/A" for an
                # error; both are labels here, so say plainly that the cell is a string.
                cell.data_type = "s"
                # Excel's own mark for "this is text", kept if someone edits the cell.
                cell.quotePrefix = value.startswith(FORMULA_STARTS)
            else:
                cell.value = value
            if r == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    for c in range(1, len(grid[0]) + 1):
        longest = max(len(str(line[c - 1])) for line in grid)
        sheet.column_dimensions[get_column_letter(c)].width = min(longest + 2, WIDEST_COLUMN)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(table: Published, extension: str, period_label: str) -> str:
    """A download's file name in plain ASCII, safe in a Content-Disposition header and on any
    file system: "concerns-by-theme-april-to-june-2025.csv"."""
    extension = extension.removeprefix(".")
    if not extension.isascii() or not extension.isalnum():
        raise ValueError(f"Not a file extension: {extension!r}")
    stem = slugify(f"{table.title or table.key} {period_label}")[:100].strip("-_")
    return f"{stem or 'insight'}.{extension.lower()}"


def sheet_name(title: str) -> str:
    """A title Excel accepts as a sheet name: no []:*?/\\, at most 31 characters, not starting
    or ending with an apostrophe, and not Excel's reserved "History"."""
    name = ILLEGAL_CHARACTERS_RE.sub("", NOT_IN_SHEET_NAME.sub(" ", title))
    name = " ".join(name.split())[:SHEET_NAME_LENGTH].strip(" '")
    if name.casefold() == "history":
        name = gettext("History table")
    return name or gettext("Table")


def _grid(table: Published) -> list[list[Cell]]:
    """Header, one line per row and the totals line, as on the page: a row total at the end of
    its row and the grand total in the corner, when the table has them."""
    header: list[Cell] = [table.row_heading, *table.columns]
    if table.row_totals:
        header.append(gettext("Total"))
    lines = [header]
    for r, (label, figures) in enumerate(table.rows):
        line: list[Cell] = [label, *(_cell(figure) for figure in figures)]
        if table.row_totals:
            line.append(_cell(table.row_totals[r]))
        lines.append(line)
    if table.column_totals:
        # One total per column, then the grand total, which has a place only beside row totals.
        shown = (
            table.column_totals if table.row_totals else table.column_totals[: len(table.columns)]
        )
        lines.append([gettext("Total"), *(_cell(figure) for figure in shown)])
    return lines


def _cell(figure: Figure) -> Cell:
    if figure.value is None:
        return figure.text
    if isinstance(figure.value, float) and figure.value.is_integer():
        return int(figure.value)
    return figure.value


def _guarded(text: str) -> str:
    """Text a spreadsheet shows as typed: a leading apostrophe stops it being a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
