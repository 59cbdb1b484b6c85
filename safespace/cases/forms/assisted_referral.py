"""A champion records a concern for someone after a phone call or a conversation."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from safespace.accounts.models import Network
from safespace.cases.models import Channel, ContactMethod, Sharing, Want
from safespace.concerns.forms import NARRATIVE_MAX


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

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4()
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in network.themes.all()]  # type: ignore[attr-defined]
