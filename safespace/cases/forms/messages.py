"""A message between a raiser and their champions, written on either side's page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        error_messages={
            "required": _("Enter a message"),
            "max_length": _("Your message must be 5,000 characters or fewer"),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"])
        if not body.strip():
            raise forms.ValidationError(_("Enter a message"))
        return body
