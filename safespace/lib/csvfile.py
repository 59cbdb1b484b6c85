"""CSV files people upload or pass to a command: read as UTF-8 text, refused kindly if not,
then split into rows by the column names in the first row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.core.management.base import CommandError

SAVE_AS_UTF8 = (
    "The selected file must be saved as UTF-8. In Excel, choose Save As, "
    "then “CSV UTF-8 (Comma delimited)”"
)


def csv_file_field(label: str, help_text: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=help_text,
        error_messages={
            "required": "Select the CSV file to upload",
            "empty": "The selected file is empty",
            "invalid": "Select the CSV file to upload",
        },
    )


class CsvUploadForm(forms.Form):
    """One CSV file, read as text before anything is imported. Subclasses give the field."""

    max_megabytes = 20

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_megabytes * 1024 * 1024:
            raise forms.ValidationError(
                f"The selected file must be smaller than {self.max_megabytes} MB"
            )
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as undecodable:
            raise forms.ValidationError(SAVE_AS_UTF8) from undecodable


def read_for_command(path: Path) -> str:
    """A command's CSV argument as text, or a CommandError that says what is wrong."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as unreadable:
        raise CommandError(f"Cannot read {path}: {unreadable.strerror}") from unreadable
    except UnicodeDecodeError as undecodable:
        raise CommandError(f"{path} is not saved as UTF-8") from undecodable


class Unreadable(Exception):
    """A problem with the file as a whole (empty, or the wrong columns): no row can be used."""


@dataclass(frozen=True)
class Line:
    """One row that is not blank. `values` holds each column's value, stripped, by its name;
    when the row has the wrong number of values there are none, and `problem` says so."""

    number: int
    values: dict[str, str] = field(default_factory=dict)
    problem: str = ""


@dataclass(frozen=True)
class Table:
    lines: list[Line]
    # The line the CSV could not be read past, if any: nothing after it was read.
    broken_at: int | None = None


def read_table(text: str, columns: Sequence[str], *, empty: str, no_rows: str) -> Table:
    """The rows of a CSV file whose first row names `columns`, in any order.

    Blank rows are skipped. Raises Unreadable with `empty` when there is no row at all, with
    `no_rows` when there are only column names, and with the header's problem when the
    columns are not exactly `columns`.
    """
    # Excel's "CSV UTF-8" starts the file with a byte order mark.
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[Line] = []
    try:
        header = next((cells for cells in reader if any(cell.strip() for cell in cells)), None)
        if header is None:
            raise Unreadable(empty)
        names = [cell.strip().lower() for cell in header]
        if sorted(names) != sorted(columns):
            raise Unreadable(header_error(names, columns))
        where = {name: names.index(name) for name in columns}
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            number = reader.line_num
            if len(cells) != len(names):
                lines.append(
                    Line(
                        number,
                        problem=f"Line {number}: this row has {len(cells)} values but the file "
                        f"has {len(names)} columns. Check for a missing or extra comma",
                    )
                )
                continue
            lines.append(Line(number, {name: cells[where[name]].strip() for name in columns}))
    except csv.Error:
        # The reader cannot find its place again after this, so the rest goes unread.
        return Table(lines, broken_at=reader.line_num)
    if not lines:
        raise Unreadable(no_rows)
    return Table(lines)


def header_error(names: Sequence[str], columns: Sequence[str]) -> str:
    """What is wrong with a first row that does not name exactly `columns`."""
    missing = [name for name in columns if name not in names]
    unknown = [name or "(blank)" for name in names if name not in columns]
    details = []
    if missing:
        details.append(f"missing: {', '.join(missing)}")
    if unknown:
        details.append(f"not recognised: {', '.join(unknown)}")
    if not details:
        details.append("each column should appear once")
    return f"The first row must name the columns {', '.join(columns)} ({'; '.join(details)})"
