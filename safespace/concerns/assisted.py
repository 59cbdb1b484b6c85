"""A champion records a concern for someone after a phone call or a conversation.

The questions are the raise form's own (concerns/steps.py), asked in the champion's voice
("Does the person want to give their name?"), so a concern recorded here carries everything a
raised one does: who it is about, the raiser's directorate, their champion preferences and a
hold. Only the passphrase is not asked: one is made for them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from typing import Any, cast

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Network
from safespace.cases.models import Channel
from safespace.concerns.answers import names_someone
from safespace.concerns.forms import CHAMPION, SharingForm
from safespace.concerns.steps import BY_SLUG, STEPS

# The raise form's pages asked here, in their order; the passphrase is made for them.
ASKED = tuple(step for step in STEPS if step.slug != "passphrase")


class AssistedReferralForm(forms.Form):
    # One per form shown, so the same form sent twice records one concern.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label=_("How did they raise it?"),
        choices=[
            (Channel.PHONE, _(Channel.PHONE.label)),
            (Channel.CONVERSATION, _(Channel.CONVERSATION.label)),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how they raised it")},
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4()


def questions(network: Network, data: Mapping[str, Any] | None) -> dict[str, forms.Form]:
    """The raise form's questions in the champion's voice, by page, bound to what was sent.

    The hold question counts only when they named a person or team, as in the raise form; it
    is shown unbound otherwise, so it claims no answer that is not needed.
    """
    asked = {step.slug: step.make_form(network, None, data, voice=CHAMPION) for step in ASKED}
    if data is not None and not names_someone(dict(data.items())):
        asked["hold"] = BY_SLUG["hold"].make_form(
            network, None, voice=CHAMPION, initial={"hold": data.get("hold")}
        )
    if data is not None:
        # Asked on this same page: "with their name" is refused for someone who gave none.
        cast(SharingForm, asked["sharing"]).gave_name = data.get("named") == "yes"
    return asked


class Together:
    """Several forms on one page, seen as one by the error summary (includes/error_summary.html)."""

    def __init__(self, *forms_: forms.Form) -> None:
        self.forms = forms_

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.forms if form.is_bound])

    @property
    def errors(self) -> ErrorDict:
        merged = ErrorDict()
        for form in self.forms:
            if form.is_bound:
                merged.update(form.errors)
        return merged

    def non_field_errors(self) -> ErrorList:
        merged = ErrorList()
        for form in self.forms:
            if form.is_bound:
                merged.extend(form.non_field_errors())
        return merged

    def __iter__(self) -> Iterator[forms.BoundField]:
        for form in self.forms:
            yield from form

    @property
    def cleaned_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for form in self.forms:
            if form.is_bound:
                data.update(form.cleaned_data)
        return data
