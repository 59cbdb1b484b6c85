"""The pages of the raise form in order: how each reads its answers from and into the draft."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Network
from safespace.cases.models import Sharing
from safespace.concerns import forms as f
from safespace.concerns.answers import names_someone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[forms.Form]
    title: StrOrPromise
    # Which draft keys this page owns; its form's cleaned data is stored under them.
    keys: tuple[str, ...]
    needs_network: bool = False
    # Whether the page is asked at all, given the answers so far.
    applies: Callable[[dict[str, Any]], bool] = lambda data: True
    # Whether the page's choices depend on whether the raiser gave their name.
    needs_anonymity: bool = False

    def make_form(
        self, network: Network, answers: dict[str, Any] | None, *args: Any, **kwargs: Any
    ) -> forms.Form:
        """The page's form; `answers` are those given on earlier pages, None when the questions
        are all on one page."""
        if self.needs_network:
            kwargs["network"] = network
        if self.needs_anonymity and answers is not None:
            kwargs["anonymous"] = anonymous(answers)
        return self.form(*args, **kwargs)


def anonymous(data: dict[str, Any]) -> bool:
    return data.get("named") != "yes"


def sharing_answered(data: dict[str, Any]) -> bool:
    """Both answers given, and neither "with my name" from someone who stays anonymous (they
    may have changed their mind about their name after answering): such a choice is asked again."""
    answers = (data.get("share_with_director"), data.get("share_with_manager"))
    if not all(answers):
        return False
    return not (anonymous(data) and Sharing.NAMED in answers)


STEPS: tuple[Step, ...] = (
    Step("what-happened", f.WhatHappenedForm, _("What happened?"), ("narrative",)),
    Step("themes", f.ThemesForm, _("What is it about?"), ("themes",), needs_network=True),
    # A person or team named is kept in the draft as typed; it is matched to the staff
    # directory only when the concern is sent (answers.py), so no page depends on the match.
    Step(
        "directorates",
        f.DirectoratesForm,
        _("Who is it about?"),
        (
            "directorates",
            "about",
            "person_name",
            "person_directorate",
            "person_email",
            "team_directorate",
            "team_name",
        ),
    ),
    Step("hold", f.HoldForm, _("Hold your concern"), ("hold",), applies=names_someone),
    Step("what-you-want", f.WantForm, _("What would you like to happen?"), ("want",)),
    Step(
        "contact",
        f.ContactForm,
        _("How should we contact you?"),
        ("method", "email", "phone", "in_person"),
    ),
    Step("about-you", f.AboutYouForm, _("About you"), ("named", "name", "directorate")),
    Step("champion", f.ChampionForm, _("Your champion"), ("preferences", "avoid_directorate")),
    Step(
        "sharing",
        f.SharingForm,
        _("Who may see it"),
        ("share_with_director", "share_with_manager"),
        needs_anonymity=True,
    ),
    # Only the keyed hash of the employee number is kept, never the number (HRWatchForm).
    Step("hr-watch", f.HRWatchForm, _("Watching for an HR process"), ("hr_watch", "hr_watch_key")),
    Step("passphrase", f.PassphraseForm, _("Choose a passphrase"), ("choice", "own")),
)
BY_SLUG = {step.slug: step for step in STEPS}


def asked(data: dict[str, Any]) -> list[Step]:
    """The pages this person is asked, given their answers so far."""
    return [step for step in STEPS if step.applies(data)]


def neighbours(slug: str, data: dict[str, Any]) -> tuple[Step | None, Step | None]:
    """The pages before and after this one that are asked; skipped pages are passed over."""
    index = [s.slug for s in STEPS].index(slug)
    before = next((s for s in reversed(STEPS[:index]) if s.applies(data)), None)
    after = next((s for s in STEPS[index + 1 :] if s.applies(data)), None)
    return before, after


def first_unanswered(data: dict[str, Any]) -> Step | None:
    """Where to send someone who jumps ahead: the first page whose answers are missing."""
    required: dict[str, Callable[[dict[str, Any]], bool]] = {
        "what-you-want": lambda d: bool(d.get("want")),
        "contact": lambda d: bool(d.get("method")),
        "about-you": lambda d: bool(d.get("named")),
        "sharing": sharing_answered,
        "hold": lambda d: not names_someone(d) or d.get("hold") in ("yes", "no"),
        "hr-watch": lambda d: True,  # optional: not answered is "no"
        "passphrase": lambda d: bool(d.get("choice")),
    }
    for step in STEPS:
        answered = required.get(step.slug, lambda d, s=step: all(k in d for k in s.keys))
        if not answered(data):
            return step
    return None
