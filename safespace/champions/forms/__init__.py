"""Forms for the champion pool: profiles, training, terms, recruitment, review and wellbeing."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django import forms
from django.utils import timezone

from safespace.accounts.models import Directorate, User
from safespace.champions.models import Pipeline, Wellbeing
from safespace.lib.forms import DATE_HINT, StartsForm, date_field, place_field

# GOV.UK asks for text inputs for numbers: a number input changes its value when scrolled
# over and is read out badly by some screen readers.
WHOLE_NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})


class ProfileForm(forms.Form):
    capacity = forms.IntegerField(
        label="How many open cases can they take at once?",
        widget=WHOLE_NUMBER,
        min_value=0,
        max_value=20,
        error_messages={
            "required": "Enter how many open cases they can take",
            "invalid": "Enter a whole number, like 3",
            "min_value": "Enter 0 or more",
            "max_value": "Enter 20 or fewer",
        },
    )
    away_until = date_field(
        "Away until",
        required=False,
        hint="Leave empty if they are available. " + DATE_HINT,
    )
    background = forms.CharField(
        label="Background, in their own words (optional)",
        help_text="Shown to people who ask for a champion of a particular background. "
        "Only write what the champion has agreed to share.",
        required=False,
        max_length=200,
        error_messages={"max_length": "Background must be 200 characters or fewer"},
    )


class TrainingForm(forms.Form):
    course = forms.CharField(
        label="Course",
        help_text="For example, Safe Space preparation session.",
        max_length=200,
        error_messages={
            "required": "Enter the name of the course",
            "max_length": "The course name must be 200 characters or fewer",
        },
    )
    day = date_field("Date")
    hours = forms.DecimalField(
        label="Hours",
        widget=DECIMAL,
        min_value=decimal.Decimal("0.5"),
        max_value=decimal.Decimal("100"),
        decimal_places=1,
        error_messages={
            "required": "Enter the hours, like 3 or 1.5",
            "invalid": "Enter the hours as a number, like 3 or 1.5",
            "min_value": "Hours must be 0.5 or more",
            "max_value": "Hours must be 100 or fewer",
            "max_decimal_places": "Enter the hours to one decimal place, like 1.5",
        },
    )

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return day


class TermsForm(forms.Form):
    body = forms.CharField(
        label="Terms of Reference",
        help_text="Publishing a new version asks every champion to read and accept it again "
        "before they take another case.",
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 15}),
        error_messages={
            "required": "Enter the Terms of Reference",
            "max_length": "The Terms of Reference must be 50,000 characters or fewer",
        },
    )


class AcceptForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read and accept these Terms of Reference",
        error_messages={"required": "Confirm that you have read and accept the terms"},
    )


class ApplicationForm(forms.Form):
    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        error_messages={
            "required": "Enter your name",
            "max_length": "Your name must be 150 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Your work email address",
        max_length=254,
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )
    directorate = forms.ModelChoiceField(
        label="Your directorate",
        queryset=Directorate.objects.all(),
        empty_label="Choose your directorate",
        required=False,
        error_messages={"invalid_choice": "Choose a directorate from the list"},
    )
    why = forms.CharField(
        label="Why would you like to be a champion? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Your answer must be 2,000 characters or fewer"},
    )


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(
        label="Move to",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where this application goes next",
            "invalid_choice": "Select where this application goes next",
        },
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (p.value, p.label) for p in Pipeline if p.value in allowed
        ]


class ReviewForm(StartsForm):
    place = place_field("A room, or an online meeting link.")


class RecordReviewForm(forms.Form):
    attendees = forms.MultipleChoiceField(
        label="Who came?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label="Minutes",
        help_text="Refer to cases by their reference only. Never write a name or a story here.",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": "The minutes must be 20,000 characters or fewer"},
    )

    def __init__(self, *args: Any, champions: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), c.full_name) for c in champions
        ]


class WellbeingForm(forms.Form):
    feeling = forms.TypedChoiceField(
        label="How are you doing with your Safe Space work this month?",
        choices=[(w.value, w.label) for w in reversed(Wellbeing)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you are doing"},
    )
    wants_support = forms.ChoiceField(
        label="Would you like someone to get in touch to support you?",
        help_text="If you say yes, the lead champion sees only that someone asked, not who. "
        "To be contacted, speak to them or another champion you trust.",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no"},
    )
