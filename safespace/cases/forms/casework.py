"""Forms for working a case: assign, decline, move stage, notes and time."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from safespace.accounts.models import Theme
from safespace.cases.models import Activity, Stage
from safespace.lib.forms import date_field


class AssignForm(forms.Form):
    champion = forms.ChoiceField(
        label="Champion",
        error_messages={
            "required": "Select a champion",
            "invalid_choice": "Select a champion from the list",
        },
    )
    override_reason = forms.CharField(
        label="Why this champion?",
        help_text="Needed when you choose someone who is not suggested.",
        required=False,
        max_length=500,
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        choices: list[tuple[str, str]],
        suggested: set[str],
        blocked: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["champion"].choices = [("", "Choose a champion"), *choices]  # type: ignore[attr-defined]
        self.suggested = suggested
        self.blocked = blocked

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("champion")
        if chosen in self.blocked:
            self.add_error("champion", self.blocked[chosen])
            return data
        if chosen and chosen not in self.suggested and not data.get("override_reason", "").strip():
            self.add_error(
                "override_reason",
                "Enter why you are choosing a champion who is not suggested",
            )
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you handing this case back?",
        help_text="For example, you know someone involved. The lead champion sees this.",
        max_length=500,
        error_messages={
            "required": "Enter why you are handing this case back",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label="Move the case to",
        error_messages={
            "required": "Select the next stage",
            "invalid_choice": "Select one of the stages listed: the case cannot move there now",
        },
    )

    def __init__(self, *args: Any, allowed: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [  # type: ignore[attr-defined]
            (s.value, s.label) for s in Stage if s.value in allowed
        ]


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note",
        max_length=10000,
        error_messages={
            "required": "Enter the note",
            "max_length": "The note must be 10,000 characters or fewer",
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared_with_raiser = forms.ChoiceField(
        label="Who can read this note?",
        choices=[("no", "Champions only"), ("yes", "Shared with the person who raised it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can read this note"},
    )

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"])
        if not body.strip():
            raise forms.ValidationError("Enter the note")
        return body


class TimeForm(forms.Form):
    day = date_field("Date")
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=1,
        max_value=24 * 60,
        error_messages={
            "required": "Enter the minutes spent",
            "invalid": "Enter the minutes as a whole number, like 45",
            "min_value": "Minutes must be 1 or more",
            "max_value": "Minutes must be 1,440 or fewer in one day",
        },
    )
    activity = forms.ChoiceField(
        label="Activity",
        choices=Activity.choices,
        error_messages={"required": "Select the activity"},
    )

    def __init__(self, *args: Any, not_before: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_before = not_before

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        if self.not_before and day < self.not_before:
            raise forms.ValidationError(
                f"The date must be on or after {self.not_before:%-d %B %Y}, when the concern "
                "was raised"
            )
        return day


class ThemesForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label="What is the concern about?",
        help_text="Select all that apply. The person who raised it chose the first ones.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one theme"},
    )

    def __init__(self, *args: Any, themes: list[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]  # type: ignore[attr-defined]
