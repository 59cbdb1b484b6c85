"""Render Django form widgets with GOV.UK Frontend classes and error wiring."""

from __future__ import annotations

import re

from django import forms
from django.template import defaulttags
from django.utils.safestring import SafeString, mark_safe

# Our own tag register, of the same kind as the one behind Django's built-in tags.
register = type(defaulttags.register)()
MAXLENGTH = re.compile(r' maxlength="\d+"')

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.PasswordInput: "govuk-input govuk-password-input__input govuk-js-password-input-input",
}


@register.simple_tag
def govuk_widget(field: forms.BoundField, width: str = "") -> SafeString:
    css = WIDGET_CLASSES.get(type(field.field.widget), "govuk-input")  # type: ignore[call-overload]
    if width:
        css += f" govuk-input--width-{width}"
    described_by = []
    if field.help_text:
        described_by.append(f"{field.id_for_label}-hint")
    if field.errors:
        css += " govuk-input--error" if "input" in css else f" {css.split()[0]}--error"
        described_by.append(f"{field.id_for_label}-error")
    attrs = {"class": css}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    # No maxlength: the browser would cut a pasted story short without a word. The server
    # checks the length and says kindly what to do, keeping every character.
    return mark_safe(MAXLENGTH.sub("", field.as_widget(attrs=attrs)))  # noqa: S308 (Django-rendered)
