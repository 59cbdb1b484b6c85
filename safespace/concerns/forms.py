"""The questions of the raise form, one small form per page, with kind error messages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Directorate, Network
from safespace.cases.models import ContactMethod, Sharing, Want
from safespace.directory.models import EMPLOYEE_NUMBER_MAX, NAME_MAX, SERVICE_MAX
from safespace.lib import receipts
from safespace.lib.forms import HintedRadioSelect
from safespace.lib.translation import translated
from safespace.tripwire import keys as tripwire_keys

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NARRATIVE_MAX = 20000
PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")

# Who a question speaks to: the raiser themselves, or a champion recording a concern for
# someone after a conversation (/cases/new/), who is asked the same questions about "them".
RAISER = "raiser"
CHAMPION = "champion"


class Voiced(forms.Form):
    """A question of the raise form, worded for the raiser or for a champion recording it.

    THEIRS holds, for each field, what changes in the champion's voice: its label, help text,
    choices, error messages or widget attributes. The questions, their order and their checks stay the same.
    """

    THEIRS: ClassVar[dict[str, dict[str, Any]]] = {}

    def __init__(self, *args: Any, voice: str = RAISER, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.voice = voice
        if voice != CHAMPION:
            return
        for name, words in self.THEIRS.items():
            field = self.fields[name]
            for attribute, value in words.items():
                if attribute == "error_messages":
                    field.error_messages = {**field.error_messages, **value}
                elif attribute == "choices":
                    field.choices = value  # type: ignore[attr-defined]
                elif attribute == "attrs":
                    field.widget.attrs.update(value)
                else:
                    setattr(field, attribute, value)

    def say(self, own: StrOrPromise, theirs: StrOrPromise) -> StrOrPromise:
        """A message in this form's voice."""
        return theirs if self.voice == CHAMPION else own


class WhatHappenedForm(Voiced):
    narrative = forms.CharField(
        label=_("What happened?"),
        help_text=(
            _(
                "Write as much or as little as you like. You can leave this empty and talk to "
                "a champion instead. Nothing is sent until you confirm at the end."
            )
        ),
        required=False,
        strip=False,
        max_length=NARRATIVE_MAX,
        error_messages={"max_length": _("What happened must be 20,000 characters or fewer")},
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    THEIRS = {
        "narrative": {
            "label": _("What happened, as they told it"),
            "help_text": _("Record only what they want recorded. You can leave this empty."),
        }
    }


class ThemesForm(Voiced):
    themes = forms.MultipleChoiceField(
        label=_("What is it about?"),
        help_text=_("Select all that apply, or none."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select the themes from the list")},
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in network.themes.all()]  # type: ignore[attr-defined]


class ChooseNetworkForm(forms.Form):
    """Which staff network a concern is raised with, where the service runs more than one."""

    network = forms.ChoiceField(
        label=_("Which network do you want to raise this with?"),
        help_text=_(
            "Each network has its own trained champions. Choose the one closest to what "
            "happened to you. You can still mention anything else that happened."
        ),
        error_messages={
            "required": _("Choose the network you want to raise this with"),
            "invalid_choice": _("Choose one of the networks listed"),
        },
    )

    def __init__(self, networks: list[Network], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["network"]
        field.widget = HintedRadioSelect(hints={n.slug: n.serves for n in networks if n.serves})
        field.choices = [(n.slug, n.name) for n in networks]  # type: ignore[attr-defined]


def _directorate_choices() -> list[tuple[str, str]]:
    return [(str(d.pk), d.name) for d in Directorate.objects.all()]


class DirectoratesForm(Voiced):
    """Who the concern is about: directorates, and if they wish a person or team by name.

    Only what was typed is checked here, never the staff directory: whether a name is there
    must not change what the next page says or which page comes next, or the form would tell
    anyone who works where. The name is matched to the directory once the concern is sent
    (concerns/answers.py), and what it found is never shown to the raiser.
    """

    directorates = forms.MultipleChoiceField(
        label=_("Which directorates does it concern?"),
        help_text=_("Optional. This helps us choose a champion from somewhere else."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select the directorates from the list")},
    )
    about = forms.ChoiceField(
        label=_("Is it about a particular person or team?"),
        help_text=(
            _(
                "Optional. If you tell us, we look for them in the staff directory when you send "
                "your concern and keep only a code made from who it is, so that we can notice when "
                "someone else raises a concern about the same person or team. The lead champion "
                "and your champion can see a person you name, so that your champion does not work "
                "with them."
            )
        ),
        choices=[
            ("person", _("A person")),
            ("team", _("A team")),
            ("none", _("No, or I would rather not say")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    person_name = forms.CharField(
        label=_("Their full name"),
        required=False,
        max_length=NAME_MAX,
        error_messages={
            "max_length": format_lazy(
                _("Their name must be {max} characters or fewer"), max=NAME_MAX
            )
        },
    )
    person_directorate = forms.ChoiceField(
        label=_("Their directorate"),
        required=False,
        error_messages={"invalid_choice": _("Select their directorate from the list")},
    )
    person_email = forms.EmailField(
        label=_("Or their work email address"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _(
                "Enter their work email address in the correct format, like name@example.com"
            )
        },
    )
    team_directorate = forms.ChoiceField(
        label=_("The team's directorate"),
        required=False,
        error_messages={"invalid_choice": _("Select the team's directorate from the list")},
    )
    team_name = forms.CharField(
        label=_("The team's name"),
        help_text=_("As it is known at work, for example Repairs."),
        required=False,
        max_length=SERVICE_MAX,
        error_messages={
            "max_length": format_lazy(
                _("The team's name must be {max} characters or fewer"), max=SERVICE_MAX
            )
        },
    )
    THEIRS = {
        "directorates": {
            "help_text": _("Optional. This helps the lead choose a champion from somewhere else.")
        },
        "about": {
            "help_text": (
                _(
                    "Optional. If they tell you, we look for them in the staff directory when the "
                    "concern is recorded and keep only a code made from who it is, so that we can "
                    "notice when someone else raises a concern about the same person or team. The "
                    "lead champion and their champion can see a person they name."
                )
            ),
            "choices": [
                ("person", _("A person")),
                ("team", _("A team")),
                ("none", _("No, or they would rather not say")),
            ],
        },
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _directorate_choices()
        self.fields["directorates"].choices = choices  # type: ignore[attr-defined]
        for name in ("person_directorate", "team_directorate"):
            self.fields[name].choices = [("", _("Select a directorate")), *choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        about = data.get("about") or "none"
        data["about"] = about
        if about == "person":
            self._person(data)
        if about == "team":
            self._team(data)
        # Nothing typed for a choice they did not make is kept, even in their draft.
        for field in ("person_name", "person_directorate", "person_email"):
            if about != "person":
                data[field] = ""
        for field in ("team_directorate", "team_name"):
            if about != "team":
                data[field] = ""
        return data

    def _person(self, data: dict[str, Any]) -> None:
        if any(f in self.errors for f in ("person_name", "person_directorate", "person_email")):
            return
        if data.get("person_email"):
            return
        if not str(data.get("person_name") or "").strip():
            self.add_error(
                "person_name",
                _("Enter their full name and directorate, or their work email address"),
            )
        elif not data.get("person_directorate"):
            self.add_error(
                "person_directorate",
                _("Select their directorate, or enter their work email address"),
            )

    def _team(self, data: dict[str, Any]) -> None:
        if not data.get("team_directorate") and "team_directorate" not in self.errors:
            self.add_error("team_directorate", _("Select the team's directorate"))
        if not str(data.get("team_name") or "").strip() and "team_name" not in self.errors:
            self.add_error("team_name", _("Enter the team's name"))


class HoldForm(Voiced):
    """Only asked when a person or team was named (steps.py), whether or not they are found."""

    hold = forms.ChoiceField(
        label=_("Do you want to hold your concern?"),
        choices=[
            ("yes", _("Yes, hold my concern until someone else speaks up")),
            ("no", _("No, send it to the lead champion now")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether to hold your concern")},
    )
    THEIRS = {
        "hold": {
            "label": _("Do they want to hold their concern until someone else speaks up?"),
            "help_text": (
                _(
                    "Only if they named a person or a team. A held concern is read by nobody, you "
                    "included, until someone else raises a concern about the same person or team. "
                    "They can release it or withdraw it at any time with their receipt."
                )
            ),
            "choices": [
                ("yes", _("Yes, hold it until someone else speaks up")),
                ("no", _("No, record it now")),
            ],
            "error_messages": {"required": _("Select whether they want to hold their concern")},
        }
    }


class WantForm(Voiced):
    want = forms.ChoiceField(
        label=_("What would you like to happen?"),
        help_text=_("You can change your mind later. A formal grievance is only ever your choice."),
        choices=translated(Want.choices),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what you would like to happen")},
    )
    THEIRS = {
        "want": {
            "label": _("What would they like to happen?"),
            "help_text": (
                _("They can change their mind later. A formal grievance is only ever their choice.")
            ),
            "error_messages": {"required": _("Select what they would like to happen")},
        }
    }


class ContactForm(Voiced):
    method = forms.ChoiceField(
        label=_("How should a champion contact you?"),
        choices=translated(ContactMethod.choices),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how a champion should contact you")},
    )
    email = forms.EmailField(
        label=_("Personal email address"),
        help_text=_(
            "Use an address your employer cannot read. We will only say there is a message waiting."
        ),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
        # Named for what they are (WCAG 1.3.5), so assistive tools and autofill can help.
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("For example 07700 900 982."),
        required=False,
        max_length=20,
        error_messages={"max_length": _("Enter a phone number of 20 characters or fewer")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    in_person = forms.CharField(
        label=_("Where and when suits you to meet?"),
        required=False,
        max_length=500,
        error_messages={"max_length": _("Where and when must be 500 characters or fewer")},
    )
    THEIRS = {
        "method": {
            "label": _("How should we contact them?"),
            "error_messages": {"required": _("Select how we should contact them")},
        },
        "email": {
            "label": _("Their personal email address"),
            "help_text": (
                _("One their employer cannot read. We will only say there is a message waiting.")
            ),
            # The champion's own address is not the one to fill in.
            "attrs": {"autocomplete": "off"},
        },
        "phone": {
            "label": _("Their phone number"),
            "attrs": {"autocomplete": "off"},
        },
        "in_person": {"label": _("Where and when suits them to meet?")},
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method")
        if method == ContactMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                self.say(
                    _("Enter your personal email address"), _("Enter their personal email address")
                ),
            )
        if method == ContactMethod.PHONE and "phone" not in self.errors:
            # One message a field: a phone number too long has already been told so.
            phone = data.get("phone", "")
            if not phone:
                self.add_error(
                    "phone", self.say(_("Enter your phone number"), _("Enter their phone number"))
                )
            elif not PHONE.match(phone):
                self.add_error("phone", _("Enter a phone number, like 07700 900 982"))
        return data

    def contact_details(self) -> str:
        return chosen_contact_details(self.cleaned_data)


# Which answer holds the details for each way of being contacted.
CONTACT_FIELDS: dict[str, str] = {
    ContactMethod.EMAIL: "email",
    ContactMethod.PHONE: "phone",
    ContactMethod.IN_PERSON: "in_person",
}


def chosen_contact_details(answers: Mapping[str, Any]) -> str:
    """The details for the way they chose, and only those: an email address typed before they
    changed their mind to phone is never kept or shown."""
    field = CONTACT_FIELDS.get(answers.get("method") or "")
    return str(answers.get(field) or "") if field else ""


class AboutYouForm(Voiced):
    named = forms.ChoiceField(
        label=_("Do you want to give your name?"),
        help_text=_(
            "If you stay anonymous, nobody can see who you are, and you come back with a receipt code and a passphrase."
        ),
        choices=[("no", _("No, stay anonymous")), ("yes", _("Yes, give my name"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you want to give your name")},
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=150,
        error_messages={"max_length": _("Your name must be 150 characters or fewer")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    directorate = forms.ChoiceField(
        label=_("Which directorate do you work in?"),
        help_text=_(
            "Optional. We use it only to avoid giving you a champion from your own directorate."
        ),
        required=False,
        error_messages={"invalid_choice": _("Select your directorate from the list")},
    )
    THEIRS = {
        "named": {
            "label": _("Does the person want to give their name?"),
            "help_text": (
                _(
                    "If they stay anonymous, nobody can see who they are, and they come back with "
                    "the receipt code and passphrase you give them."
                )
            ),
            "choices": [
                ("no", _("No, they stay anonymous")),
                ("yes", _("Yes, they give their name")),
            ],
            "error_messages": {"required": _("Select whether they want to give their name")},
        },
        "name": {
            "label": _("Their name"),
            "error_messages": {"max_length": _("Their name must be 150 characters or fewer")},
            # Not the champion's own name, which a browser would offer.
            "attrs": {"autocomplete": "off"},
        },
        "directorate": {
            "label": _("Which directorate do they work in?"),
            "help_text": (
                _(
                    "Optional. We use it only to avoid giving them a champion from their own "
                    "directorate."
                )
            ),
            "error_messages": {"invalid_choice": _("Select their directorate from the list")},
        },
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unsaid = self.say(_("I'd rather not say"), _("They would rather not say"))
        self.fields["directorate"].choices = [("", unsaid), *_directorate_choices()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("named") == "yes" and not data.get("name", "").strip():
            self.add_error(
                "name",
                self.say(
                    _("Enter your name, or choose to stay anonymous"),
                    _("Enter their name, or choose that they stay anonymous"),
                ),
            )
        return data


class ChampionForm(Voiced):
    preferences = forms.CharField(
        label=_("Is there anything about the champion that matters to you?"),
        help_text=_("Optional. For example, someone of a particular background or gender."),
        required=False,
        max_length=1000,
        error_messages={"max_length": _("This must be 1,000 characters or fewer")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    avoid_directorate = forms.ChoiceField(
        label=_("Is there a directorate your champion should not come from?"),
        required=False,
        error_messages={"invalid_choice": _("Select a directorate from the list")},
    )
    THEIRS = {
        "preferences": {"label": _("Is there anything about the champion that matters to them?")},
        "avoid_directorate": {
            "label": _("Is there a directorate their champion should not come from?")
        },
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_preference = ("", _("No preference"))
        self.fields["avoid_directorate"].choices = [no_preference, *_directorate_choices()]  # type: ignore[attr-defined]


class SharingForm(Voiced):
    share_with_director = forms.ChoiceField(
        label=_("May your champion share your concern with the Director of Wellbeing?"),
        help_text=_(
            "The Director of Wellbeing oversees the clinic and can help to get things done."
        ),
        choices=translated(Sharing.choices),
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Select whether your champion may share your concern with the Director of Wellbeing"
            )
        },
    )
    share_with_manager = forms.ChoiceField(
        label=_("May your champion share your concern with the senior manager concerned?"),
        help_text=_(
            "A Head of Service or Director who can act on it. You can change both answers at any time."
        ),
        choices=translated(Sharing.choices),
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Select whether your champion may share your concern with the senior manager"
            )
        },
    )
    # Sharing.choices speak as the raiser ("with my name").
    THEIR_CHOICES: ClassVar[list[tuple[str, StrOrPromise]]] = [
        (Sharing.NAMED, _("Yes, with their name")),
        (Sharing.ANONYMOUS, _("Yes, without their name")),
        (Sharing.NONE, _("No, not at all")),
    ]
    THEIRS = {
        "share_with_director": {
            "label": _("May their champion share the concern with the Director of Wellbeing?"),
            "choices": THEIR_CHOICES,
            "error_messages": {
                "required": _("Select what they agreed about the Director of Wellbeing")
            },
        },
        "share_with_manager": {
            "label": _("May their champion share the concern with the senior manager concerned?"),
            "help_text": (
                _(
                    "A Head of Service or Director who can act on it. They can change both answers "
                    "at any time."
                )
            ),
            "choices": THEIR_CHOICES,
            "error_messages": {"required": _("Select what they agreed about the senior manager")},
        },
    }

    def __init__(
        self, *args: Any, anonymous: bool = False, gave_name: bool | None = None, **kwargs: Any
    ) -> None:
        """Someone who stays anonymous is not offered "with my name": there is none to share.

        Where the name question is on the same page (a champion recording a concern), the
        choices cannot follow it, so `gave_name` is set once it is known and a "with their
        name" for someone who gave none is refused instead.
        """
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        self.gave_name = False if anonymous else gave_name
        if anonymous:
            for name in ("share_with_director", "share_with_manager"):
                field = self.fields[name]
                field.choices = [c for c in field.choices if c[0] != Sharing.NAMED]  # type: ignore[attr-defined]
                field.error_messages["invalid_choice"] = self.no_name()

    def no_name(self) -> StrOrPromise:
        return self.say(
            _("You chose to stay anonymous, so choose “Yes, without my name” or “No, not at all”"),
            _(
                "They chose not to give their name, so choose “Yes, without their name” "
                "or “No, not at all”"
            ),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.gave_name is False:
            for name in ("share_with_director", "share_with_manager"):
                if data.get(name) == Sharing.NAMED:
                    self.add_error(name, self.no_name())
        return data


class HRWatchForm(Voiced):
    """Consent to the retaliation tripwire. The number is hashed here and never stored as typed."""

    hr_watch = forms.ChoiceField(
        label=_("Do you want us to watch for an HR process starting against you?"),
        help_text=(
            _(
                "Optional. While your concern is open and for {months} months after it closes, "
                "if HR records a capability process, a probation review, a disciplinary, a "
                "grievance against you or a dismissal, your champion and the lead champion are "
                "told, and you see it on your concern's page. HR is never told that you spoke up. "
                "You can stop this at any time."
            )
        ),
        choices=[("yes", _("Yes, watch for this")), ("no", _("No"))],
        required=False,
        widget=forms.RadioSelect,
    )
    employee_number = forms.CharField(
        label=_("Your employee number"),
        help_text=(
            _(
                "It is on your payslip. We keep only a code made from it, which only matches the "
                "same number from HR, so if you change this answer, enter the number again."
            )
        ),
        required=False,
        max_length=EMPLOYEE_NUMBER_MAX,
        error_messages={
            "max_length": format_lazy(
                _("Your employee number must be {max} characters or fewer"),
                max=EMPLOYEE_NUMBER_MAX,
            )
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    THEIRS = {
        "hr_watch": {
            "label": _("Do they want us to watch for an HR process starting against them?"),
            "help_text": (
                _(
                    "Only if they agreed. While their concern is open and for {months} months "
                    "after it closes, if HR records a capability process, a probation review, a "
                    "disciplinary, a grievance against them or a dismissal, their champion and the "
                    "lead champion are told, and they see it on their concern's page. HR is never "
                    "told that they spoke up. They can stop this at any time."
                )
            ),
        },
        "employee_number": {
            "label": _("Their employee number"),
            "help_text": _("It is on their payslip. We keep only a code made from it."),
            "error_messages": {
                "max_length": (
                    format_lazy(
                        _("Their employee number must be {max} characters or fewer"),
                        max=EMPLOYEE_NUMBER_MAX,
                    )
                )
            },
        },
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        watch = self.fields["hr_watch"]
        watch.help_text = watch.help_text.format(months=settings.SAFESPACE_TRIPWIRE_MONTHS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        return hr_watch_answer(self, data, theirs=self.voice == CHAMPION)


def hr_watch_answer(form: forms.Form, data: dict[str, Any], *, theirs: bool) -> dict[str, Any]:
    """The tripwire consent as kept: "yes" or "no", and the keyed hash of the employee number.

    The number itself is taken out of the cleaned data here, so no caller can keep it. Asked
    the same way in the raise form and in an assisted referral (`theirs`: "their" number).
    """
    number = str(data.pop("employee_number", "") or "")
    data["hr_watch"] = data.get("hr_watch") or "no"
    data["hr_watch_key"] = ""
    if data["hr_watch"] == "yes" and "employee_number" not in form.errors:
        if not number.strip():
            form.add_error(
                "employee_number",
                _("Enter their employee number, or choose not to be watched")
                if theirs
                else _("Enter your employee number, or choose not to be watched"),
            )
        elif not tripwire_keys.is_valid(number):
            form.add_error(
                "employee_number",
                _("Enter their employee number using only letters, numbers and hyphens")
                if theirs
                else _("Enter your employee number using only letters, numbers and hyphens"),
            )
        else:
            data["hr_watch_key"] = tripwire_keys.watch_key(number)
    return data


class PassphraseForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Choose a passphrase"),
        help_text=_("You will need it, with your receipt code, to come back to your concern."),
        choices=[("suggested", _("Use the suggested passphrase")), ("own", _("Choose my own"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether to use the suggested passphrase or your own")
        },
    )
    own = forms.CharField(
        label=_("Your passphrase"),
        help_text=format_lazy(
            _("At least {min} characters. A few words you will remember is best."),
            min=receipts.PASSPHRASE_MIN,
        ),
        required=False,
        strip=False,
        max_length=receipts.PASSPHRASE_MAX,
        error_messages={"max_length": _("Your passphrase must be 200 characters or fewer")},
        # Hidden as it is typed, and never sent back into a page, even after an error.
        widget=forms.PasswordInput(
            attrs={"autocomplete": "new-password", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == "own" and "own" not in self.errors:
            own = receipts.normalise_passphrase(data.get("own", ""))
            if not own:
                self.add_error("own", _("Enter a passphrase, or use the suggested one"))
            elif len(own) < receipts.PASSPHRASE_MIN:
                self.add_error(
                    "own",
                    format_lazy(
                        _("Your passphrase must be at least {min} characters"),
                        min=receipts.PASSPHRASE_MIN,
                    ),
                )
            data["own"] = own
        return data


class TrackForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt code"),
        help_text=_("16 letters and numbers, for example 4K7Q-M3XT-P9HC-2VWA."),
        max_length=40,
        error_messages={"required": _("Enter your receipt code")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    passphrase = forms.CharField(
        label=_("Passphrase"),
        max_length=receipts.PASSPHRASE_MAX,
        strip=False,
        error_messages={"required": _("Enter your passphrase")},
        # A password manager may fill it in (WCAG 3.3.8); the person decides whether it keeps it.
        widget=forms.PasswordInput(
            attrs={
                "autocomplete": "current-password",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
    )
