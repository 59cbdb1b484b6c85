"""The insight pages' filter: which network, and which period.

Figures anyone but a network's lead champion sees are controlled one table at a time, and two
tables for overlapping periods or sets of networks could be subtracted to give away a number
each hides. So controlled figures come in reporting units that never overlap: one network and
one financial quarter that has ended. The lead champion looking at their own network sees
exact figures, and chooses any dates, as two GOV.UK date inputs.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.forms import BoundField
from django.http import QueryDict
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Network
from safespace.insights.figures import Scope
from safespace.insights.ftsu import Quarter, completed_quarters
from safespace.lib.dates import add_months
from safespace.lib.forms import whole_number

PARTS = (
    ("day", gettext_noop("Day"), 2),
    ("month", gettext_noop("Month"), 2),
    ("year", gettext_noop("Year"), 4),
)
DATES = (("start", gettext_noop("Start date")), ("end", gettext_noop("End date")))
# What is wrong with a date, whole for each date and each set of boxes left empty.
DATE_ERRORS = {
    ("start", "empty"): gettext_noop("Enter the start date"),
    ("start", "day"): gettext_noop("Start date must include a day"),
    ("start", "month"): gettext_noop("Start date must include a month"),
    ("start", "year"): gettext_noop("Start date must include a year"),
    ("start", "day month"): gettext_noop("Start date must include a day and month"),
    ("start", "day year"): gettext_noop("Start date must include a day and year"),
    ("start", "month year"): gettext_noop("Start date must include a month and year"),
    ("start", "real"): gettext_noop("Start date must be a real date"),
    ("end", "empty"): gettext_noop("Enter the end date"),
    ("end", "day"): gettext_noop("End date must include a day"),
    ("end", "month"): gettext_noop("End date must include a month"),
    ("end", "year"): gettext_noop("End date must include a year"),
    ("end", "day month"): gettext_noop("End date must include a day and month"),
    ("end", "day year"): gettext_noop("End date must include a day and year"),
    ("end", "month year"): gettext_noop("End date must include a month and year"),
    ("end", "real"): gettext_noop("End date must be a real date"),
}
ALL = ""  # no network asked for: the viewer's default one
# How many quarters that have ended controlled figures are offered for: three years.
QUARTERS_OFFERED = 12
ONE_UNIT = _(
    "To protect the people who spoke up, figures you can see are given for one network and "
    "one whole quarter at a time."
)


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last 12 months: from the first day of the month eleven months ago, to today."""
    return add_months(today.replace(day=1), -11), today


def query(start: datetime.date, end: datetime.date, network: str = ALL) -> dict[str, str]:
    """The filter as GET parameters, as the form would send them."""
    values = {"network": network}
    for name, day in (("start", start), ("end", end)):
        values.update(
            {
                f"{name}_day": str(day.day),
                f"{name}_month": str(day.month),
                f"{name}_year": str(day.year),
            }
        )
    return values


def default_network(networks: Sequence[Network], leads: Collection[int]) -> Network:
    """The first network the viewer leads, whose exact figures they see; else their first."""
    return next((n for n in networks if n.pk in leads), networks[0])


def asked_network(
    data: Mapping[str, Any], networks: Sequence[Network], leads: Collection[int]
) -> Network | None:
    """The network the query asks for, the default when it asks for none, or None when it
    names one the viewer may not see (the form then says so)."""
    slug = str(data.get("network") or "").strip()
    if not slug:
        return default_network(networks, leads)
    return next((n for n in networks if n.slug == slug), None)


class QuarterField(forms.ChoiceField):
    """A quarter from its choices, newest first; one not offered is refused in words that say
    what to do. Not required: nothing chosen means the newest offered."""

    def __init__(self) -> None:
        super().__init__(
            label=_("Quarter"),
            required=False,
            help_text=_("Financial quarters: April to June is Q1."),
        )

    def validate(self, value: Any) -> None:
        slug = str(value or "")
        offered = [str(v) for v, _ in cast(list[tuple[str, str]], self.choices)]
        if not slug or slug in offered:
            return
        asked, newest = Quarter.parse(slug), Quarter.parse(offered[0]) if offered else None
        if asked is not None and newest is not None and asked > newest:
            raise forms.ValidationError(
                gettext(
                    "Choose a quarter that has ended: figures for a quarter are given once it "
                    "is over"
                ),
                code="not_ended",
            )
        raise forms.ValidationError(
            gettext("Select a quarter from the list"), code="invalid_choice"
        )


def quarter_choices(quarters: Sequence[Quarter]) -> list[tuple[str, str]]:
    return [(q.slug, q.label) for q in quarters]


@dataclass(frozen=True)
class DatePart:
    field: BoundField
    label: str
    width: int
    wrong: bool


@dataclass(frozen=True)
class DateInput:
    """One date's fieldset, as the template draws it: the error, and which boxes are wrong."""

    name: str
    legend: str
    error: str
    parts: tuple[DatePart, ...]


class FilterForm(forms.Form):
    """One network, and then either a quarter that has ended (controlled figures) or, for the
    network's lead champion, any period as two dates (exact figures).

    Which it is depends on the network asked for, so a lead who picks another network and
    presses the button is next shown the quarters, and the other way round; a period given in
    the shape the network does not take is not used: the quarter asked for, or the latest,
    stands in for it.

    Each date is three boxes, read together; what is wrong is said of the date as a whole,
    naming the boxes to fix, as the GOV.UK date input pattern asks."""

    network = forms.ChoiceField(
        label=_("Network"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Exact figures, for any dates, are given only for a network you lead."),
        error_messages={"invalid_choice": _("Select a network from the list")},
    )
    quarter = QuarterField()
    start_day = forms.CharField(required=False, max_length=10)
    start_month = forms.CharField(required=False, max_length=10)
    start_year = forms.CharField(required=False, max_length=10)
    end_day = forms.CharField(required=False, max_length=10)
    end_month = forms.CharField(required=False, max_length=10)
    end_year = forms.CharField(required=False, max_length=10)

    def __init__(
        self,
        data: QueryDict | dict[str, str],
        *,
        networks: Sequence[Network],
        leads: Collection[int],
        today: datetime.date,
    ) -> None:
        self.networks = list(networks)
        self.today = today
        self.quarters = completed_quarters(today, QUARTERS_OFFERED)
        self.chosen = asked_network(data, self.networks, leads)
        self.exact = self.chosen is not None and self.chosen.pk in leads
        super().__init__(self._with_defaults(data))
        cast(forms.ChoiceField, self.fields["network"]).choices = [
            (network.slug, network.name) for network in self.networks
        ]
        cast(forms.ChoiceField, self.fields["quarter"]).choices = quarter_choices(self.quarters)
        if not any(n.pk in leads for n in self.networks):
            self.fields["network"].help_text = ""
        # The boxes each date's error is about, so the template can mark them.
        self.wrong: dict[str, set[str]] = {name: set() for name, _ in DATES}

    def _with_defaults(self, data: Mapping[str, Any]) -> dict[str, str]:
        """What was asked, with the network, and the period in the shape that network takes,
        filled in where nothing was asked, so the form shows what the page shows."""
        filled = {name: str(data.get(name) or "") for name in self.base_fields}
        if self.chosen is not None and not filled["network"]:
            filled["network"] = self.chosen.slug
        asked_quarter = Quarter.parse(filled["quarter"])
        if not self.exact:
            # Controlled: only the quarter; dates asked for are not used.
            for name, _ in DATES:
                for part, _, _ in PARTS:
                    filled[f"{name}_{part}"] = ""
            filled["quarter"] = filled["quarter"].strip().lower() or self.quarters[0].slug
        elif not any(f"{name}_{part}" in data for name, _ in DATES for part, _, _ in PARTS):
            # The lead's own network, with no dates asked: the quarter they came from, if any.
            start, end = (
                (asked_quarter.start, asked_quarter.end)
                if asked_quarter is not None
                else default_period(self.today)
            )
            filled.update({k: v for k, v in query(start, end).items() if k != "network"})
        if self.exact:
            filled["quarter"] = ""
        return filled

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.exact:
            return cleaned  # the quarter field has checked the quarter
        for name, _legend in DATES:
            cleaned[name] = self._date(cleaned, name)
        start, end = cleaned["start"], cleaned["end"]
        if start is not None and start > self.today:
            self._wrong(
                "start", gettext("Start date must be today or in the past"), "day", "month", "year"
            )
        elif start is not None and end is not None and end < start:
            self._wrong(
                "end",
                gettext("End date must be the same as or after the start date"),
                "day",
                "month",
                "year",
            )
        return cleaned

    def _date(self, cleaned: dict[str, Any], name: str) -> datetime.date | None:
        typed = {part: (cleaned.get(f"{name}_{part}") or "").strip() for part, _, _ in PARTS}
        missing = [part for part, _, _ in PARTS if not typed[part]]
        if len(missing) == len(PARTS):
            self._wrong(name, gettext(DATE_ERRORS[name, "empty"]), *missing)
            return None
        if missing:
            self._wrong(name, gettext(DATE_ERRORS[name, " ".join(missing)]), *missing)
            return None
        numbers = {
            part: number
            for part, value in typed.items()
            if (number := whole_number(value)) is not None
        }
        real = gettext(DATE_ERRORS[name, "real"])
        if len(numbers) < len(PARTS):
            self._wrong(name, real, *(set(typed) - set(numbers)))
            return None
        if len(typed["year"]) != 4:
            self._wrong(name, gettext("Year must include 4 numbers"), "year")
            return None
        try:
            return datetime.date(numbers["year"], numbers["month"], numbers["day"])
        except ValueError:
            month_ok = 1 <= numbers["month"] <= 12
            self._wrong(name, real, "day" if month_ok else "month")
            return None

    def _wrong(self, name: str, message: str, *parts: str) -> None:
        """One message for the date, on its first wrong box, which the error summary links to."""
        ordered = [part for part, _, _ in PARTS if part in parts]
        self.wrong[name].update(ordered)
        self.add_error(f"{name}_{ordered[0]}", message)

    def date_inputs(self) -> list[DateInput]:
        found = []
        for name, legend in DATES:
            errors = [str(e) for part, _, _ in PARTS for e in self.errors.get(f"{name}_{part}", [])]
            found.append(
                DateInput(
                    name=name,
                    legend=gettext(legend),
                    error=errors[0] if errors else "",
                    parts=tuple(
                        DatePart(
                            self[f"{name}_{part}"], gettext(label), width, part in self.wrong[name]
                        )
                        for part, label, width in PARTS
                    ),
                )
            )
        return found

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day shown, both included; only once the form is valid."""
        if self.exact:
            return self.cleaned_data["start"], self.cleaned_data["end"]
        quarter = Quarter.parse(self.cleaned_data.get("quarter") or "") or self.quarters[0]
        return quarter.start, quarter.end

    def chosen_network(self) -> Network:
        """The one network shown; only once the form is valid."""
        if self.chosen is None:
            raise ValueError("A network the viewer may not see leaves the form invalid.")
        return self.chosen

    def scope(self) -> Scope:
        """The network and period chosen; only once the form is valid."""
        return Scope((self.chosen_network(),), *self.period())

    def as_query(self) -> dict[str, str]:
        """The valid filter as GET parameters, for links that keep it (the downloads)."""
        slug = self.chosen_network().slug
        if self.exact:
            return query(*self.period(), slug)
        return {"network": slug, "quarter": Quarter.containing(self.period()[0]).slug}
