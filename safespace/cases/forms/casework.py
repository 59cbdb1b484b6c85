"""Forms for working a case: assign, decline, move stage, notes and time."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Theme
from safespace.cases.models import Activity, Stage
from safespace.lib.forms import date_field
from safespace.lib.translation import translated


class AssignForm(forms.Form):
    champion = forms.ChoiceField(
        label=_("Champion"),
        error_messages={
            "required": _("Select a champion"),
            "invalid_choice": _("Select a champion from the list"),
        },
    )
    override_reason = forms.CharField(
        label=_("Why this champion?"),
        help_text=_("Needed when you choose someone who is not suggested."),
        required=False,
        max_length=500,
        error_messages={"max_length": _("The reason must be 500 characters or fewer")},
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
        self.fields["champion"].choices = [("", _("Choose a champion")), *choices]  # type: ignore[attr-defined]
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
                gettext("Enter why you are choosing a champion who is not suggested"),
            )
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you handing this case back?"),
        help_text=_("For example, you know someone involved. The lead champion sees this."),
        max_length=500,
        error_messages={
            "required": _("Enter why you are handing this case back"),
            "max_length": _("The reason must be 500 characters or fewer"),
        },
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Move the case to"),
        error_messages={
            "required": _("Select the next stage"),
            "invalid_choice": _("Select one of the stages listed: the case cannot move there now"),
        },
    )

    def __init__(self, *args: Any, allowed: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in translated(Stage.choices) if value in allowed
        ]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=10000,
        error_messages={
            "required": _("Enter the note"),
            "max_length": _("The note must be 10,000 characters or fewer"),
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared_with_raiser = forms.ChoiceField(
        label=_("Who can read this note?"),
        choices=[("no", _("Champions only")), ("yes", _("Shared with the person who raised it"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who can read this note")},
    )

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"])
        if not body.strip():
            raise forms.ValidationError(gettext("Enter the note"))
        return body


class TimeForm(forms.Form):
    day = date_field(_("Date"), required_message=_("Enter the date"))
    minutes = forms.IntegerField(
        label=pgettext_lazy("time spent", "Minutes"),
        min_value=1,
        max_value=24 * 60,
        error_messages={
            "required": _("Enter the minutes spent"),
            "invalid": _("Enter the minutes as a whole number, like 45"),
            "min_value": _("Minutes must be 1 or more"),
            "max_value": _("Minutes must be 1,440 or fewer in one day"),
        },
    )
    activity = forms.ChoiceField(
        label=_("Activity"),
        choices=translated(Activity.choices),
        error_messages={"required": _("Select the activity")},
    )

    def __init__(self, *args: Any, not_before: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_before = not_before

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(gettext("The date must be today or in the past"))
        if self.not_before and day < self.not_before:
            raise forms.ValidationError(
                gettext("The date must be on or after %(day)s, when the concern was raised")
                % {"day": date_format(self.not_before, "j F Y")}
            )
        return day


class ThemesForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("What is the concern about?"),
        help_text=_("Select all that apply. The person who raised it chose the first ones."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one theme")},
    )

    def __init__(self, *args: Any, themes: list[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]  # type: ignore[attr-defined]
