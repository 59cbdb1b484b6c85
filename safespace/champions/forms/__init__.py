"""Forms for the champion pool: profiles, training, terms, recruitment, review and wellbeing."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Directorate, User
from safespace.champions.models import Pipeline, Wellbeing
from safespace.lib.forms import StartsForm, date_field, place_field

# GOV.UK asks for text inputs for numbers: a number input changes its value when scrolled
# over and is read out badly by some screen readers.
WHOLE_NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})


class ProfileForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("How many open cases can they take at once?"),
        widget=WHOLE_NUMBER,
        min_value=0,
        max_value=20,
        error_messages={
            "required": _("Enter how many open cases they can take"),
            "invalid": _("Enter a whole number, like 3"),
            "min_value": _("Enter 0 or more"),
            "max_value": _("Enter 20 or fewer"),
        },
    )
    away_until = date_field(
        _("Away until"),
        required=False,
        hint=_("Leave empty if they are available. For example, 27 3 2026 or 2026-03-27."),
    )
    background = forms.CharField(
        label=_("Background, in their own words (optional)"),
        help_text=_(
            "Shown to people who ask for a champion of a particular background. "
            "Only write what the champion has agreed to share."
        ),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Background must be 200 characters or fewer")},
    )


class TrainingForm(forms.Form):
    course = forms.CharField(
        label=_("Course"),
        help_text=_("For example, Safe Space preparation session."),
        max_length=200,
        error_messages={
            "required": _("Enter the name of the course"),
            "max_length": _("The course name must be 200 characters or fewer"),
        },
    )
    day = date_field(_("Date"), required_message=_("Enter the date"))
    hours = forms.DecimalField(
        label=_("Hours"),
        widget=DECIMAL,
        min_value=decimal.Decimal("0.5"),
        max_value=decimal.Decimal("100"),
        decimal_places=1,
        error_messages={
            "required": _("Enter the hours, like 3 or 1.5"),
            "invalid": _("Enter the hours as a number, like 3 or 1.5"),
            "min_value": _("Hours must be 0.5 or more"),
            "max_value": _("Hours must be 100 or fewer"),
            "max_decimal_places": _("Enter the hours to one decimal place, like 1.5"),
        },
    )

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past"))
        return day


class TermsForm(forms.Form):
    body = forms.CharField(
        label=_("Terms of Reference"),
        help_text=_(
            "Publishing a new version asks every champion to read and accept it again "
            "before they take another case."
        ),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 15}),
        error_messages={
            "required": _("Enter the Terms of Reference"),
            "max_length": _("The Terms of Reference must be 50,000 characters or fewer"),
        },
    )


class AcceptForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read and accept these Terms of Reference"),
        error_messages={"required": _("Confirm that you have read and accept the terms")},
    )


class ApplicationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={
            "required": _("Enter your name"),
            "max_length": _("Your name must be 150 characters or fewer"),
        },
    )
    email = forms.EmailField(
        label=_("Your work email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your work email address"),
            "invalid": _("Enter an email address in the right format, like name@example.org"),
        },
    )
    directorate = forms.ModelChoiceField(
        label=_("Your directorate"),
        queryset=Directorate.objects.all(),
        empty_label=_("Choose your directorate"),
        required=False,
        error_messages={"invalid_choice": _("Choose a directorate from the list")},
    )
    why = forms.CharField(
        label=_("Why would you like to be a champion? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Your answer must be 2,000 characters or fewer")},
    )


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Move to"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select where this application goes next"),
            "invalid_choice": _("Select where this application goes next"),
        },
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (p.value, _(p.label)) for p in Pipeline if p.value in allowed
        ]


class ReviewForm(StartsForm):
    place = place_field(_("A room, or an online meeting link."))


class RecordReviewForm(forms.Form):
    attendees = forms.MultipleChoiceField(
        label=_("Who came?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        help_text=_("Refer to cases by their reference only. Never write a name or a story here."),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("The minutes must be 20,000 characters or fewer")},
    )

    def __init__(self, *args: Any, champions: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), c.full_name) for c in champions
        ]


class WellbeingForm(forms.Form):
    feeling = forms.TypedChoiceField(
        label=_("How are you doing with your Safe Space work this month?"),
        choices=[(w.value, _(w.label)) for w in reversed(Wellbeing)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you are doing")},
    )
    wants_support = forms.ChoiceField(
        label=_("Would you like someone to get in touch to support you?"),
        help_text=_(
            "If you say yes, the lead champion sees only that someone asked, not who. "
            "To be contacted, speak to them or another champion you trust."
        ),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes or no")},
    )
