"""A champion records a concern for someone after a phone call or a conversation."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings

from safespace.accounts.models import Network
from safespace.cases.models import Channel, ContactMethod, Sharing, Want
from safespace.concerns.forms import NARRATIVE_MAX, hr_watch_answer
from safespace.directory.models import EMPLOYEE_NUMBER_MAX


class AssistedReferralForm(forms.Form):
    # One per form shown, so the same form sent twice records one concern.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label="How did they raise it?",
        choices=[
            (Channel.PHONE, Channel.PHONE.label),
            (Channel.CONVERSATION, Channel.CONVERSATION.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they raised it"},
    )
    narrative = forms.CharField(
        label="What happened, as they told it",
        required=False,
        strip=False,
        max_length=NARRATIVE_MAX,
        error_messages={"max_length": "What happened must be 20,000 characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    themes = forms.MultipleChoiceField(
        label="What is it about?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select the themes from the list"},
    )
    want = forms.ChoiceField(
        label="What would they like to happen?",
        choices=Want.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they would like to happen"},
    )
    contact_method = forms.ChoiceField(
        label="How should we contact them?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how we should contact them"},
    )
    contact_details = forms.CharField(
        label="Contact details, if they gave any",
        required=False,
        max_length=500,
        error_messages={"max_length": "Contact details must be 500 characters or fewer"},
    )
    share_with_director = forms.ChoiceField(
        label="May this be shared with the Director of Wellbeing?",
        choices=Sharing.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they agreed about the Director of Wellbeing"},
    )
    share_with_manager = forms.ChoiceField(
        label="May this be shared with the senior manager concerned?",
        choices=Sharing.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they agreed about the senior manager"},
    )
    # The retaliation tripwire's consent, asked as the raise form asks it (HRWatchForm): only
    # the keyed hash of the number is kept.
    hr_watch = forms.ChoiceField(
        label="Do they want us to watch for an HR process starting against them?",
        help_text=(
            "Only if they agreed. While their concern is open and for {months} months after it "
            "closes, if HR records a capability process, a probation review, a disciplinary, a "
            "grievance against them or a dismissal, their champion and the lead champion are "
            "told, and they see it on their concern's page. HR is never told that they spoke "
            "up. They can stop this at any time."
        ),
        choices=[("yes", "Yes, watch for this"), ("no", "No")],
        required=False,
        widget=forms.RadioSelect,
    )
    employee_number = forms.CharField(
        label="Their employee number",
        help_text="It is on their payslip. We keep only a code made from it.",
        required=False,
        max_length=EMPLOYEE_NUMBER_MAX,
        error_messages={
            "max_length": f"Their employee number must be {EMPLOYEE_NUMBER_MAX} characters or fewer"
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4()
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in network.themes.all()]  # type: ignore[attr-defined]
        watch = self.fields["hr_watch"]
        watch.help_text = watch.help_text.format(months=settings.SAFESPACE_TRIPWIRE_MONTHS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        return hr_watch_answer(self, data, whose="their")
