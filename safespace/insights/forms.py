"""The insight pages' filter: a period as two GOV.UK date inputs, and which network."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.forms import BoundField
from django.http import QueryDict

from safespace.accounts.models import Network
from safespace.aftercare.services import add_months
from safespace.insights.figures import Scope

PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))
DATES = (("start", "Start date"), ("end", "End date"))
ALL = ""  # the network choice meaning every network the viewer may see


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
    """Each date is three boxes, read together; what is wrong is said of the date as a whole,
    naming the boxes to fix, as the GOV.UK date input pattern asks."""

    start_day = forms.CharField(required=False, max_length=10)
    start_month = forms.CharField(required=False, max_length=10)
    start_year = forms.CharField(required=False, max_length=10)
    end_day = forms.CharField(required=False, max_length=10)
    end_month = forms.CharField(required=False, max_length=10)
    end_year = forms.CharField(required=False, max_length=10)
    network = forms.ChoiceField(
        label="Network",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a network from the list"},
    )

    def __init__(
        self, data: QueryDict | dict[str, str], *, networks: list[Network], today: datetime.date
    ) -> None:
        super().__init__(data)
        self.networks = networks
        self.today = today
        cast(forms.ChoiceField, self.fields["network"]).choices = [
            (ALL, "All your networks"),
            *((network.slug, network.name) for network in networks),
        ]
        # The boxes each date's error is about, so the template can mark them.
        self.wrong: dict[str, set[str]] = {name: set() for name, _ in DATES}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, legend in DATES:
            cleaned[name] = self._date(cleaned, name, legend)
        start, end = cleaned["start"], cleaned["end"]
        if start is not None and start > self.today:
            self._wrong("start", "Start date must be today or in the past", "day", "month", "year")
        elif start is not None and end is not None and end < start:
            self._wrong(
                "end",
                "End date must be the same as or after the start date",
                "day",
                "month",
                "year",
            )
        return cleaned

    def _date(self, cleaned: dict[str, Any], name: str, legend: str) -> datetime.date | None:
        typed = {part: (cleaned.get(f"{name}_{part}") or "").strip() for part, _, _ in PARTS}
        missing = [part for part, _, _ in PARTS if not typed[part]]
        if len(missing) == len(PARTS):
            self._wrong(name, f"Enter the {legend.lower()}", *missing)
            return None
        if missing:
            self._wrong(name, f"{legend} must include a {' and '.join(missing)}", *missing)
            return None
        numbers = {part: value for part, value in typed.items() if value.isdigit()}
        if len(numbers) < len(PARTS):
            self._wrong(name, f"{legend} must be a real date", *(set(typed) - set(numbers)))
            return None
        if len(typed["year"]) != 4:
            self._wrong(name, "Year must include 4 numbers", "year")
            return None
        try:
            return datetime.date(int(numbers["year"]), int(numbers["month"]), int(numbers["day"]))
        except ValueError:
            month_ok = 1 <= int(numbers["month"]) <= 12
            self._wrong(name, f"{legend} must be a real date", "day" if month_ok else "month")
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
                    legend=legend,
                    error=errors[0] if errors else "",
                    parts=tuple(
                        DatePart(self[f"{name}_{part}"], label, width, part in self.wrong[name])
                        for part, label, width in PARTS
                    ),
                )
            )
        return found

    def scope(self) -> Scope:
        """The period and networks chosen; only once the form is valid."""
        chosen = self.cleaned_data.get("network") or ALL
        networks = [n for n in self.networks if chosen in (ALL, n.slug)]
        return Scope(tuple(networks), self.cleaned_data["start"], self.cleaned_data["end"])

    def as_query(self) -> dict[str, str]:
        """The valid filter as GET parameters, for links that keep it (the downloads)."""
        return query(
            self.cleaned_data["start"],
            self.cleaned_data["end"],
            self.cleaned_data.get("network") or ALL,
        )
