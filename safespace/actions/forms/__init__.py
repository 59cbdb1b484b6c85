"""Forms for meetings, minutes, actions and progress."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import User
from safespace.actions.models import ActionStatus
from safespace.lib.forms import StartsForm, date_field, place_field
from safespace.lib.translation import translated

YES_NO = [("no", _("No")), ("yes", _("Yes"))]

# Far enough ahead for any real plan; a year like 9999 is a typing mistake.
MEETING_HORIZON = datetime.timedelta(days=366)
ACTION_HORIZON = datetime.timedelta(days=2 * 366)


class WhenWhereForm(StartsForm):
    minutes_long = forms.IntegerField(
        label=_("How long, in minutes"),
        # A text input, as GOV.UK asks: a number input changes its value when scrolled over.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        initial=60,
        min_value=15,
        max_value=480,
        error_messages={
            "required": _("Enter how long the meeting is, in minutes"),
            "invalid": _("Enter the length as a whole number of minutes, like 60"),
            "min_value": _("A meeting must be 15 minutes or longer"),
            "max_value": _("A meeting must be 480 minutes or shorter"),
        },
    )
    place = place_field(
        _(
            "A room, or an online meeting link. It is kept and emailed as written, unlike the "
            "concern, so do not write anything about the concern here."
        )
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("time"):
            latest = timezone.localdate() + MEETING_HORIZON
            if self.starts() < timezone.now():
                self.add_error("day", _("The meeting must be in the future"))
            elif data["day"] > latest:
                self.add_error(
                    "day",
                    _("The meeting must be within a year, on or before %(latest)s")
                    % {"latest": date_format(latest, "j F Y")},
                )
        return data


class MeetingForm(WhenWhereForm):
    managers = forms.MultipleChoiceField(
        label=_("Which senior managers are invited?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    raiser_attends = forms.ChoiceField(
        label=_("Will the person who raised the concern attend?"),
        help_text=_("Only if they have said they wish to. They see the meeting on their page."),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if they will attend")},
    )
    director_attends = forms.ChoiceField(
        label=_("Is the Director of Wellbeing invited?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if the Director of Wellbeing is invited")},
    )

    def __init__(self, *args: Any, managers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["managers"].choices = [(str(m.pk), m.full_name) for m in managers]  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        help_text=_("What was said and agreed. They are sealed with the case."),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Enter the minutes"),
            "max_length": _("The minutes must be 20,000 characters or fewer"),
        },
    )
    shared_with_raiser = forms.ChoiceField(
        label=_("Can the person who raised the concern read these minutes?"),
        choices=[("yes", _("Yes")), ("no", _("No, they asked not to see them"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether they can read the minutes")},
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("What will be done"),
        help_text=_(
            "The owner reads this. Write it so it does not identify the person who raised "
            "the concern unless they agreed to be named."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter what will be done"),
            "max_length": _("The action must be 2,000 characters or fewer"),
        },
    )
    owner = forms.ChoiceField(
        label=_("Who owns it"),
        error_messages={
            "required": _("Select who owns the action"),
            "invalid_choice": _("Select who owns the action from the list"),
        },
    )
    due = date_field(_("Due date"), required_message=_("Enter the due date"))
    shared_with_raiser = forms.ChoiceField(
        label=_("Can the person who raised the concern see this action?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether they can see this action")},
    )

    def __init__(self, *args: Any, owners: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Choose an owner"))] + [  # type: ignore[attr-defined]
            (str(o.pk), o.full_name) for o in owners
        ]

    def clean_due(self) -> datetime.date:
        due: datetime.date = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date must be today or in the future"))
        latest = timezone.localdate() + ACTION_HORIZON
        if due > latest:
            raise forms.ValidationError(
                _("The due date must be within two years, on or before %(latest)s")
                % {"latest": date_format(latest, "j F Y")}
            )
        return due


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Where is it now?"),
        choices=translated(ActionStatus.choices),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select where the action is now")},
    )
    note = forms.CharField(
        label=_("What has been done, and the evidence"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter what has been done"),
            "max_length": _("The update must be 5,000 characters or fewer"),
        },
    )


class DisputeForm(forms.Form):
    words = forms.CharField(
        label=_("Why do you think this is not done?"),
        help_text=_("Your champion will look at it again."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter why you think it is not done"),
            "max_length": _("Your answer must be 2,000 characters or fewer"),
        },
    )


class MinutesResponseForm(forms.Form):
    agree = forms.ChoiceField(
        label=_("Do these minutes match what happened?"),
        choices=[("yes", _("Yes")), ("no", _("No, I would add something"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if the minutes match what happened")},
    )
    comment = forms.CharField(
        label=_("Anything you would add (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Your comment must be 2,000 characters or fewer")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agree") == "no" and not data.get("comment", "").strip():
            self.add_error("comment", _("Enter what you would add"))
        return data
