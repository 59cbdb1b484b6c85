"""The staff directory upload form: one CSV file, read as text before anything is imported."""

from __future__ import annotations

from django import forms

from safespace.directory.importer import COLUMNS

MAX_BYTES = 20 * 1024 * 1024


class DirectoryFileForm(forms.Form):
    file = forms.FileField(
        label="Upload the staff directory",
        help_text=(
            "A CSV file saved as UTF-8, smaller than 20 MB, with the columns "
            + ", ".join(COLUMNS)
            + ". Leave service and manager_employee_number blank when they do not apply."
        ),
        error_messages={
            "required": "Select the CSV file to upload",
            "empty": "The selected file is empty",
            "invalid": "Select the CSV file to upload",
        },
    )

    def clean_file(self) -> str:
        """The file's text: refused kindly if it is too big to be a directory or not UTF-8."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 20 MB")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as undecodable:
            raise forms.ValidationError(
                "The selected file must be saved as UTF-8. In Excel, choose Save As, "
                "then “CSV UTF-8 (Comma delimited)”"
            ) from undecodable
