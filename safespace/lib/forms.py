"""Form fields every part of the service asks the same way: dates, start times and places, and
whole numbers typed or sent."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"]
DATE_HINT = _("For example, 27 3 2026 or 2026-03-27.")


def whole_number(text: str, longest: int = 18) -> int | None:
    """The whole number typed, or None if it is not one: ASCII digits only, at most `longest`
    of them. Python's isdigit() also passes "²", which int() refuses, and int() reads "٣"
    and refuses more than 4,300 digits, so neither decides alone."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= longest:
        return int(text)
    return None


def date_field(
    label: StrOrPromise,
    *,
    required: bool = True,
    hint: StrOrPromise = DATE_HINT,
    required_message: StrOrPromise | None = None,
) -> forms.DateField:
    """A date typed as day, month and year. `required_message` says what to do when it is
    left empty; a form not yet translated may leave it out, and it is made from the label, in
    English only."""
    if required_message is None:
        required_message = f"Enter the {str(label).lower()}"
    return forms.DateField(
        label=label,
        help_text=hint,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={
            "required": required_message,
            "invalid": _("Enter a real date, like 27 3 2026"),
        },
    )


def time_field() -> forms.TimeField:
    return forms.TimeField(
        label=_("Start time"),
        help_text=_("On the 24-hour clock, for example 14:30."),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": _("Enter the start time"),
            "invalid": _("Enter a time on the 24-hour clock, like 14:30"),
        },
    )


def place_field(hint: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=_("Where"),
        help_text=hint,
        max_length=300,
        error_messages={
            "required": _("Enter where the meeting is"),
            "max_length": _("Where must be 300 characters or fewer"),
        },
    )


class StartsForm(forms.Form):
    """A meeting's date and start time, read together as one aware datetime."""

    day = date_field(_("Date"), required_message=_("Enter the date"))
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
