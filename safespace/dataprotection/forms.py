"""The data protection officer's forms: a search for a person, and an erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REASON_MIN = 10

REASON_ERRORS = {
    "required": _("Enter why you are doing this"),
    # Django puts the least length in.
    "min_length": _(
        "Enter a reason of at least %(limit_value)d characters, such as the request's reference"
    ),
    "max_length": _("The reason must be 500 characters or fewer"),
}


def reason_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=_(
            "For example, the reference of the request you are answering. It is kept with "
            "the record of what you did. Do not write the person's name here."
        ),
        min_length=REASON_MIN,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=REASON_ERRORS,
    )


class SearchForm(forms.Form):
    person = forms.CharField(
        label=_("Their full name or work email address"),
        help_text=_(
            "For example, Ada Example or ada.example@council.example. "
            "Capital letters do not matter."
        ),
        min_length=2,
        max_length=200,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the person's full name or work email address"),
            "min_length": _("Enter at least 2 characters of the person's name"),
            "max_length": _("The name or email must be 200 characters or fewer"),
        },
    )
    reason = reason_field(_("Why are you searching?"))

    def clean_person(self) -> str:
        person: str = " ".join(self.cleaned_data["person"].split())
        if len(person) < 2:
            raise forms.ValidationError(_("Enter at least 2 characters of the person's name"))
        return person


class EraseForm(forms.Form):
    reason = reason_field(_("Why is this concern being erased?"))
