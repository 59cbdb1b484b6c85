"""The HR import role's upload form: one CSV file of HR events, read as text."""

from __future__ import annotations

from safespace.lib.csvfile import CsvUploadForm, csv_file_field
from safespace.tripwire.importer import COLUMNS
from safespace.tripwire.models import EventKind


class HREventFileForm(CsvUploadForm):
    max_megabytes = 5
    file = csv_file_field(
        "Upload HR events",
        "A CSV file saved as UTF-8, smaller than 5 MB, with the columns "
        + ", ".join(COLUMNS)
        + ". The event is one of "
        + ", ".join(EventKind.values)
        + "; the date is when the process started, as year-month-day, like 2026-03-14.",
    )
