"""The HR import role's upload form: one CSV file of HR events, read as text."""

from __future__ import annotations

from django import forms

from safespace.tripwire.importer import COLUMNS
from safespace.tripwire.models import EventKind

MAX_BYTES = 5 * 1024 * 1024


class HREventFileForm(forms.Form):
    file = forms.FileField(
        label="Upload HR events",
        help_text=(
            "A CSV file saved as UTF-8, smaller than 5 MB, with the columns "
            + ", ".join(COLUMNS)
            + ". The event is one of "
            + ", ".join(EventKind.values)
            + "; the date is when the process started, as year-month-day, like 2026-03-14."
        ),
        error_messages={
            "required": "Select the CSV file to upload",
            "empty": "The selected file is empty",
            "invalid": "Select the CSV file to upload",
        },
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as undecodable:
            raise forms.ValidationError(
                "The selected file must be saved as UTF-8. In Excel, choose Save As, "
                "then “CSV UTF-8 (Comma delimited)”"
            ) from undecodable
