"""Forms for closing, reopening, feedback and check-ins."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safespace.aftercare.models import Detriment, Outcome, SpeakUpAgain
from safespace.lib.translation import translated


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What was the outcome?"),
        choices=translated(Outcome.choices),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the outcome")},
    )
    formal_process = forms.CharField(
        label=_("Which formal process? (if referred)"),
        help_text=_("For example, the grievance procedure."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("The process must be 200 characters or fewer")},
    )
    summary = forms.CharField(
        label=_("Closing summary"),
        help_text=_("The person who raised the concern reads this."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter a closing summary"),
            "max_length": _("The summary must be 5,000 characters or fewer"),
        },
    )

    # Shown only when something is still open (see `still_open`), and then required.
    close_anyway = forms.BooleanField(
        label=_("Close the case with these still open"),
        required=False,
        error_messages={"required": _("Confirm that the case closes with these still open")},
    )

    def __init__(self, *args: Any, still_open: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.still_open = still_open
        if not still_open:
            del self.fields["close_anyway"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Outcome.FORMAL and not data.get("formal_process", "").strip():
            self.add_error("formal_process", _("Enter which formal process it was referred to"))
        if self.still_open and not data.get("close_anyway"):
            self.add_error(
                "close_anyway",
                _("Confirm that the case closes with these still open, or deal with them first"),
            )
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the case being reopened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter why the case is being reopened"),
            "max_length": _("The reason must be 2,000 characters or fewer"),
        },
    )


class KeepForm(forms.Form):
    """The lead champion's decision to keep a concern past its retention period."""

    months = forms.TypedChoiceField(
        label=_("For how long?"),
        choices=[(3, _("3 more months")), (6, _("6 more months")), (12, _("A year more"))],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select for how long to keep the concern"),
            "invalid_choice": _("Select 3 months, 6 months or a year"),
        },
    )
    reason = forms.CharField(
        label=_("Why keep it?"),
        help_text=(
            _(
                "For example, a tribunal claim or a grievance is still running. Do not write what "
                "the concern is about or who raised it: this reason is kept after the concern is "
                "shredded."
            )
        ),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter why the concern should be kept"),
            "min_length": _("Say a little more about why: at least 10 characters"),
            "max_length": _("The reason must be 500 characters or fewer"),
        },
    )


class FeedbackForm(forms.Form):
    felt_heard = forms.TypedChoiceField(
        label=_("Did you feel heard?"),
        choices=[
            (5, _("Yes, completely")),
            (4, _("Mostly")),
            (3, _("Partly")),
            (2, _("Not really")),
            (1, _("Not at all")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you felt heard")},
    )
    speak_up_again = forms.ChoiceField(
        label=_("Given your experience, would you speak up again?"),
        choices=translated(SpeakUpAgain.choices),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you would speak up again")},
    )
    anything_else = forms.CharField(
        label=_("Is there anything else you would like to tell us? (optional)"),
        help_text=_(
            "Your champion reads this. Your two answers above are counted without any "
            "link to you or your concern."
        ),
        required=False,
        max_length=5000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Your answer must be 5,000 characters or fewer")},
    )


class CheckInForm(forms.Form):
    happened = forms.MultipleChoiceField(
        label=_("Since you spoke up, has anything happened to you at work because of it?"),
        help_text=_("Select all that apply, or “Nothing has happened”."),
        choices=[*translated(Detriment.choices), ("nothing", _("Nothing has happened"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select what has happened, or “Nothing has happened”")},
    )
    details = forms.CharField(
        label=_("Tell us more (optional)"),
        help_text=_(
            "Only the lead champion, and the Director of Wellbeing if you agreed, see this."
        ),
        required=False,
        max_length=5000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Your answer must be 5,000 characters or fewer")},
    )

    def clean_happened(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["happened"]
        if "nothing" in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                _("Select “Nothing has happened” on its own, or the things that happened")
            )
        return [c for c in chosen if c != "nothing"]
