"""Form fields every part of the service asks the same way: dates, start times and places."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"]
DATE_HINT = "For example, 27 3 2026 or 2026-03-27."


def date_field(label: str, *, required: bool = True, hint: str = DATE_HINT) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=hint,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": "Enter a real date, like 27 3 2026",
        },
    )


def time_field() -> forms.TimeField:
    return forms.TimeField(
        label="Start time",
        help_text="On the 24-hour clock, for example 14:30.",
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter a time on the 24-hour clock, like 14:30",
        },
    )


def place_field(hint: str) -> forms.CharField:
    return forms.CharField(
        label="Where",
        help_text=hint,
        max_length=300,
        error_messages={
            "required": "Enter where the meeting is",
            "max_length": "Where must be 300 characters or fewer",
        },
    )


class StartsForm(forms.Form):
    """A meeting's date and start time, read together as one aware datetime."""

    day = date_field("Date")
    time = time_field()

    def starts(self) -> datetime.datetime:
        naive = datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class HintedRadioSelect(forms.RadioSelect):
    """Radios where each choice may carry its own hint under its label (GOV.UK radio hints),
    given as {value: hint}; includes/choices.html draws it."""

    def __init__(self, hints: dict[str, str] | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.hints = hints or {}

    def create_option(self, *args: object, **kwargs: object) -> dict[str, object]:
        option: dict[str, object] = super().create_option(*args, **kwargs)  # type: ignore[arg-type]
        option["hint"] = self.hints.get(str(option["value"]), "")
        return option
