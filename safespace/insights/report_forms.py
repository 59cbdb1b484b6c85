"""The questions the evaluation report and the quarterly return ask: which network, which
period, and the lead's own account of the work."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms import BoundField
from django.http import QueryDict
from django.utils.dates import MONTHS as DJANGO_MONTHS
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Network
from safespace.cases.models import REFERENCE_ALPHABET
from safespace.insights.forms import QuarterField, quarter_choices
from safespace.insights.ftsu import MONTHS, Quarter
from safespace.lib.dates import add_months
from safespace.lib.forms import whole_number

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LONGEST_PERIOD_MONTHS = 36
PILOT_MONTHS = 6
# Anyone who has seen a case could recognise it from its reference.
CASE_REFERENCE = re.compile(rf"\bSS-[{REFERENCE_ALPHABET}]{{6}}\b", re.IGNORECASE)
SECTION_LENGTH = 3000  # characters: about a page of the report
MONTH_NAMES = {name.casefold(): n for n, name in enumerate(MONTHS, start=1)} | {
    name[:3].casefold(): n for n, name in enumerate(MONTHS, start=1)
}
BOUNDS = (("start", gettext_noop("First month")), ("end", gettext_noop("Last month")))
# What is wrong with a month, whole for each of the two.
MONTH_ERRORS = {
    ("start", "empty"): gettext_noop("Enter the first month"),
    ("start", "month"): gettext_noop("First month must include a month"),
    ("start", "year"): gettext_noop("First month must include a year"),
    ("start", "real"): gettext_noop("First month must be a real month, like 4 for April"),
    ("end", "empty"): gettext_noop("Enter the last month"),
    ("end", "month"): gettext_noop("Last month must include a month"),
    ("end", "year"): gettext_noop("Last month must include a year"),
    ("end", "real"): gettext_noop("Last month must be a real month, like 4 for April"),
}


def month_number(name: str) -> int | None:
    """A month typed as its name, in English or in the reader's language ("Ebrill"), or its
    first three letters in English; None when it is neither."""
    name = name.casefold().rstrip(".")
    spoken = {str(word).casefold(): n for n, word in DJANGO_MONTHS.items()}
    return MONTH_NAMES.get(name) or spoken.get(name)


def last_of_month(day: datetime.date) -> datetime.date:
    return add_months(day.replace(day=1), 1) - datetime.timedelta(days=1)


def months_covered(start: datetime.date, end: datetime.date) -> int:
    """How many whole months from the first month to the last: April to September is 6."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def network_field() -> forms.ChoiceField:
    # Not required: someone who sees one network is not asked which.
    return forms.ChoiceField(
        label=_("Network"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select a network from the list")},
    )


class NetworkChoice(forms.Form):
    """Which of the viewer's networks; the first when they see only one or chose none."""

    network = network_field()

    def __init__(self, data: QueryDict | dict[str, str] | None, *, networks: Sequence[Network]):
        super().__init__(data)
        self.networks = list(networks)
        choices = [(n.slug, n.name) for n in self.networks]
        cast(forms.ChoiceField, self.fields["network"]).choices = choices

    def chosen_network(self) -> Network:
        slug = self.cleaned_data.get("network")
        return next((n for n in self.networks if n.slug == slug), self.networks[0])


@dataclass(frozen=True)
class MonthInput:
    """One month's fieldset, as the template draws it: the error, and which boxes are wrong."""

    name: str
    legend: str
    error: str
    month: BoundField
    year: BoundField
    wrong: frozenset[str]


class PeriodForm(NetworkChoice):
    """A network and a run of whole months, each typed as a month and a year (the GOV.UK date
    input without the day): the period an evaluation report covers."""

    start_month = forms.CharField(required=False, max_length=10)
    start_year = forms.CharField(required=False, max_length=10)
    end_month = forms.CharField(required=False, max_length=10)
    end_year = forms.CharField(required=False, max_length=10)

    def __init__(
        self,
        data: QueryDict | dict[str, str] | None,
        *,
        networks: Sequence[Network],
        today: datetime.date,
    ):
        super().__init__(data, networks=networks)
        self.today = today
        self.wrong: dict[str, set[str]] = {name: set() for name, _ in BOUNDS}

    @staticmethod
    def query(network: Network, start: datetime.date, end: datetime.date) -> dict[str, str]:
        """A period as the form sends it, for links that carry it."""
        return {
            "network": network.slug,
            "start_month": str(start.month),
            "start_year": str(start.year),
            "end_month": str(end.month),
            "end_year": str(end.year),
        }

    @staticmethod
    def default(today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The six whole months to the end of this one: as long as the pilot ran."""
        end = last_of_month(today)
        return add_months(today.replace(day=1), 1 - PILOT_MONTHS), end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, _legend in BOUNDS:
            data[name] = self._month(data, name)
        start, end = data["start"], data["end"]
        if start is not None and start > self.today:
            self._wrong(
                "start", gettext("First month must be this month or earlier"), "month", "year"
            )
        elif start is not None and end is not None and end < start:
            self._wrong(
                "end",
                gettext("Last month must be the same as the first month or after it"),
                "month",
                "year",
            )
        elif start and end and months_covered(start, end) > LONGEST_PERIOD_MONTHS:
            self._wrong(
                "start",
                gettext("A report can cover up to %(months)s months; choose a later first month")
                % {"months": LONGEST_PERIOD_MONTHS},
                "month",
                "year",
            )
        return data

    def _month(self, data: dict[str, Any], name: str) -> datetime.date | None:
        month = (data.get(f"{name}_month") or "").strip()
        year = (data.get(f"{name}_year") or "").strip()
        if not month and not year:
            self._wrong(name, gettext(MONTH_ERRORS[name, "empty"]), "month", "year")
            return None
        if not month or not year:
            empty = "month" if not month else "year"
            self._wrong(name, gettext(MONTH_ERRORS[name, empty]), empty)
            return None
        typed = whole_number(month)
        number = typed if typed is not None else month_number(month)
        if number is None or not 1 <= number <= 12:
            self._wrong(name, gettext(MONTH_ERRORS[name, "real"]), "month")
            return None
        year_number = whole_number(year)
        if year_number is None or len(year) != 4:
            self._wrong(name, gettext("Year must include 4 numbers"), "year")
            return None
        return datetime.date(year_number, number, 1)

    def _wrong(self, name: str, message: str, *parts: str) -> None:
        """One message for the month, on its first wrong box, which the error summary links to."""
        self.wrong[name].update(parts)
        first = "month" if "month" in parts else "year"
        self.add_error(f"{name}_{first}", message)

    def month_inputs(self) -> list[MonthInput]:
        found = []
        for name, legend in BOUNDS:
            errors = [
                str(e) for part in ("month", "year") for e in self.errors.get(f"{name}_{part}", [])
            ]
            found.append(
                MonthInput(
                    name=name,
                    legend=gettext(legend),
                    error=errors[0] if errors else "",
                    month=self[f"{name}_month"],
                    year=self[f"{name}_year"],
                    wrong=frozenset(self.wrong[name]),
                )
            )
        return found

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day, both included; only once the form is valid."""
        return self.cleaned_data["start"], last_of_month(self.cleaned_data["end"])


def section(
    label: StrOrPromise, hint: StrOrPromise, too_long: StrOrPromise, empty: StrOrPromise = ""
) -> forms.CharField:
    """One of the lead's sections: required when it says what to do when it is empty."""
    messages = {"max_length": format_lazy(too_long, limit=f"{SECTION_LENGTH:,}")}
    if empty:
        messages["required"] = empty
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(empty),
        max_length=SECTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=messages,
    )


class NarrativeForm(forms.Form):
    """The lead's own account for the report. The Director of Wellbeing and insight viewers
    read it, so it may not carry a case reference, which could identify someone."""

    learning_points = section(
        _("Learning points"),
        _("What the network, champions and managers learned in this period."),
        _("Learning points must be {limit} characters or fewer"),
        _("Enter the learning points; a sentence will do, and you can change it later"),
    )
    went_well = section(
        _("What went well"),
        _("What worked, for the people who spoke up and for the champions."),
        _("What went well must be {limit} characters or fewer"),
        _("Enter what went well; a sentence will do, and you can change it later"),
    )
    next_steps = section(
        _("Next steps"),
        _("What the network will do next, and what it asks of the organisation."),
        _("Next steps must be {limit} characters or fewer"),
        _("Enter the next steps; a sentence will do, and you can change it later"),
    )
    context = section(
        _("Context"),
        _(
            "Why the network runs the clinic. Leave it empty to use a short description of the "
            "service."
        ),
        _("Context must be {limit} characters or fewer"),
    )
    problem = section(
        _("The problem"),
        _("What staff faced before the clinic. Leave it empty to use a short description."),
        _("The problem must be {limit} characters or fewer"),
    )
    what_was_done = section(
        _("What was done"),
        _("How the clinic worked in this period. Leave it empty to use a short description."),
        _("What was done must be {limit} characters or fewer"),
    )

    REQUIRED = ("learning_points", "went_well", "next_steps")
    OPTIONAL = ("context", "problem", "what_was_done")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in (*self.REQUIRED, *self.OPTIONAL):
            found = CASE_REFERENCE.search(data.get(name) or "")
            if found:
                self.add_error(
                    name,
                    gettext(
                        "Remove the case reference %(reference)s: people who must not "
                        "identify a case read this report"
                    )
                    % {"reference": found[0].upper()},
                )
        return data


class QuarterForm(NetworkChoice):
    """A network and a financial quarter: the period of a Freedom to Speak Up return, and of
    an evaluation report with controlled figures. Which quarters are offered is the caller's
    choice: only those that have ended, unless the figures are exact."""

    quarter = QuarterField()

    def __init__(
        self,
        data: QueryDict | dict[str, str] | None,
        *,
        networks: Sequence[Network],
        quarters: Sequence[Quarter],
        default: Quarter,
    ):
        super().__init__(data, networks=networks)
        self.default = default
        cast(forms.ChoiceField, self.fields["quarter"]).choices = quarter_choices(quarters)

    def chosen_quarter(self) -> Quarter:
        return Quarter.parse(self.cleaned_data.get("quarter") or "") or self.default

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The quarter's first and last day; only once the form is valid."""
        quarter = self.chosen_quarter()
        return quarter.start, quarter.end
