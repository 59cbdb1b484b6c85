"""Sign-in and two-factor forms, with GOV.UK-style error messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=200,
        strip=False,
        error_messages={"required": _("Enter your password")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Security code"),
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        max_length=16,
        error_messages={"required": _("Enter your security code")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_token(self) -> str:
        return "".join(str(self.cleaned_data["token"]).split()).lower()


class EmailCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the email"),
        help_text=_("The 6-digit code we sent to your email address. It works for 15 minutes."),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code from the email we sent you")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split())
