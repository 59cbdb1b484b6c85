"""CSV files people upload or pass to a command: read as UTF-8 text, refused kindly if not,
then split into rows by the column names in the first row.

Each importer (the staff directory, HR events) describes itself as a `CsvImporter`; its upload
page is `upload_page` and its command subclasses `ImportCommand`, so both say the same things
the same way: every problem named, then what was and was not imported.
"""

from __future__ import annotations

import csv
import io
from argparse import ArgumentParser
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.core.management.base import BaseCommand, CommandError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy, ngettext

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SAVE_AS_UTF8 = gettext_lazy(
    "The selected file must be saved as UTF-8. In Excel, choose Save As, "
    "then “CSV UTF-8 (Comma delimited)”"
)


def csv_file_field(label: StrOrPromise, help_text: StrOrPromise) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=help_text,
        error_messages={
            "required": gettext_lazy("Select the CSV file to upload"),
            "empty": gettext_lazy("The selected file is empty"),
            "invalid": gettext_lazy("Select the CSV file to upload"),
        },
    )


class CsvUploadForm(forms.Form):
    """One CSV file, read as text before anything is imported. Subclasses give the field."""

    max_megabytes = 20

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_megabytes * 1024 * 1024:
            raise forms.ValidationError(
                gettext("The selected file must be smaller than %(size)d MB")
                % {"size": self.max_megabytes}
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


def read_table(
    text: str, columns: Sequence[str], *, empty: StrOrPromise, no_rows: StrOrPromise
) -> Table:
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
                        problem=gettext(
                            "Line %(number)d: this row has %(values)d values but the file has "
                            "%(columns)d columns. Check for a missing or extra comma"
                        )
                        % {"number": number, "values": len(cells), "columns": len(names)},
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
    missing = ", ".join(name for name in columns if name not in names)
    unknown = ", ".join(name or gettext("(blank)") for name in names if name not in columns)
    words = {"columns": ", ".join(columns), "missing": missing, "unknown": unknown}
    if missing and unknown:
        return (
            gettext(
                "The first row must name the columns %(columns)s (missing: %(missing)s; "
                "not recognised: %(unknown)s)"
            )
            % words
        )
    if missing:
        return (
            gettext("The first row must name the columns %(columns)s (missing: %(missing)s)")
            % words
        )
    if unknown:
        return (
            gettext("The first row must name the columns %(columns)s (not recognised: %(unknown)s)")
            % words
        )
    return (
        gettext("The first row must name the columns %(columns)s (each column should appear once)")
        % words
    )


class Outcome(Protocol):
    """What an import says back: every problem, and how many rows it wrote in spite of them
    (none, for an import that is all or nothing)."""

    @property
    def problems(self) -> list[str]: ...

    @property
    def kept(self) -> int: ...


R = TypeVar("R", bound=Outcome)
R_co = TypeVar("R_co", bound=Outcome, covariant=True)


class Run(Protocol[R_co]):
    def __call__(self, text: str, *, actor: Any) -> R_co: ...


@dataclass(frozen=True)
class CsvImporter(Generic[R]):
    """One CSV import, as its upload page and its command run it."""

    columns: Sequence[str]
    # The file's text and who sent it (None when a command runs it).
    run: Run[R]
    # The one line said when it is done.
    summary: Callable[[R], str]
    # What the page says under the file question when the file has problems.
    refused: Callable[[R], str]
    # What the command ends with when the file has problems and nothing was imported.
    failed: Callable[[R], str]


# Enough to fix a file from; a wrong column can make every line fail.
PROBLEMS_SHOWN = 100


def upload_page(
    request: HttpRequest,
    importer: CsvImporter[R],
    form_class: type[CsvUploadForm],
    template: str,
    done: str,
    spend: Callable[[HttpRequest], None],
) -> HttpResponse:
    """The upload page: imported, back to `done` saying so; else every problem listed.

    The template is given the form and, after an import with problems, `result` and its
    `summary`. The view that calls this runs outside a transaction (the import writes in slices
    of its own) and for GET and POST only. `spend` marks the send as used when some rows went
    in even though the form is shown again (the one-time form token's `spend`).
    """
    sent = request.method == "POST"
    form = form_class(request.POST, request.FILES) if sent else form_class()
    result = None
    if sent and form.is_valid():
        result = importer.run(form.cleaned_data["file"], actor=request.user)
        if not result.problems:
            messages.success(request, importer.summary(result))
            return redirect(done)
        if result.kept:
            spend(request)  # the good rows are in: the same send again adds nothing
        count = len(result.problems)
        for problem in result.problems[:PROBLEMS_SHOWN]:
            form.add_error(None, problem)
        if count > PROBLEMS_SHOWN:
            more = count - PROBLEMS_SHOWN
            form.add_error(
                None,
                ngettext("And %(more)d more problem", "And %(more)d more problems", more)
                % {"more": more},
            )
        form.add_error("file", importer.refused(result))
    return render(
        request,
        template,
        {"form": form, "result": result, "summary": importer.summary(result) if result else ""},
    )


class ImportCommand(BaseCommand):
    """A command that imports one CSV file: each problem to stderr, then the summary, or an
    error when nothing was imported. Subclasses name the importer and the help."""

    importer: CsvImporter[Any]

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="the CSV file, saved as UTF-8")

    def handle(self, *args: Any, **options: Any) -> None:
        result = self.importer.run(read_for_command(options["path"]), actor=None)
        for problem in result.problems:
            self.stderr.write(problem)
        if result.problems and not result.kept:
            raise CommandError(self.importer.failed(result))
        self.stdout.write(self.importer.summary(result))
