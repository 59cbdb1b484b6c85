"""The staff directory upload form: one CSV file, read as text before anything is imported."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from safespace.directory.importer import COLUMNS
from safespace.lib.csvfile import CsvUploadForm, csv_file_field


class DirectoryFileForm(CsvUploadForm):
    max_megabytes = 20
    file = csv_file_field(
        _("Upload the staff directory"),
        format_lazy(
            _(
                "A CSV file saved as UTF-8, smaller than 20 MB, with the columns {columns}. "
                "Leave service and manager_employee_number blank when they do not apply."
            ),
            columns=", ".join(COLUMNS),
        ),
    )
