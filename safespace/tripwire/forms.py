"""The HR import role's upload form: one CSV file of HR events, read as text."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from safespace.lib.csvfile import CsvUploadForm, csv_file_field
from safespace.tripwire.importer import COLUMNS
from safespace.tripwire.models import EventKind


class HREventFileForm(CsvUploadForm):
    max_megabytes = 5
    file = csv_file_field(
        _("Upload HR events"),
        format_lazy(
            _(
                "A CSV file saved as UTF-8, smaller than 5 MB, with the columns {columns}. The "
                "event is one of {events}; the date is when the process started, as "
                "year-month-day, like 2026-03-14."
            ),
            columns=", ".join(COLUMNS),
            events=", ".join(EventKind.values),
        ),
    )
