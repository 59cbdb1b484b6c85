"""CSV files people upload or pass to a command: read as UTF-8 text, refused kindly if not."""

from __future__ import annotations

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
