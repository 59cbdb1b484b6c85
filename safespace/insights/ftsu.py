"""The quarterly Freedom to Speak Up return: a network's concerns in the NHS categories.

The National Guardian's Office asks NHS organisations each quarter how many concerns were
raised, how many anonymously, how many had an element of worker safety or wellbeing, of
bullying or harassment, or of inappropriate attitudes or behaviours, in how many the person
reported detriment, and whether people would speak up again. This return gives the same
figures for a staff network's clinic. There is no patient safety category: a council's
clinic hears none.

Whether a concern has an element is read from its themes. Theme names are each network's
own (an administrator sets them), so THEME_ELEMENTS below maps names, compared without case
or punctuation, to elements. A theme not in it (Pay, Mediation, Other) counts in the concerns
raised and in no element. When a network adds a theme that belongs in a category, add its
name to the table (and to docs/insight.md).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from safespace.accounts.models import Network, Theme
from safespace.insights import figures
from safespace.insights.disclosure import WITHHELD, fewer_than, publish, small_note
from safespace.insights.tables import Counts, Figure, Published


class Element(StrEnum):
    """Each in English; `words` is what a person reads."""

    WELLBEING = gettext_noop("With an element of worker safety or wellbeing")
    BULLYING = gettext_noop("With an element of bullying or harassment")
    ATTITUDES = gettext_noop("With an element of inappropriate attitudes or behaviours")

    @property
    def words(self) -> str:
        return gettext(self.value)


# Theme name → the elements a concern with that theme has. One table, read by people: the
# demo Race Equality Network's themes first, then names other networks commonly use.
# Racist "banter" is harassment in law (Equality Act 2010, section 26); bias, dress codes
# applied unequally and managers who do not listen are inappropriate attitudes or behaviours;
# capability and probation processes weigh on a person's wellbeing and job security.
THEME_ELEMENTS: dict[str, frozenset[Element]] = {
    "inappropriate banter": frozenset({Element.BULLYING}),
    "capability procedures": frozenset({Element.WELLBEING}),
    "probation": frozenset({Element.WELLBEING}),
    "dress codes": frozenset({Element.ATTITUDES}),
    "bias in hr processes": frozenset({Element.ATTITUDES}),
    "managers not listening": frozenset({Element.ATTITUDES}),
    "bullying": frozenset({Element.BULLYING}),
    "harassment": frozenset({Element.BULLYING}),
    "bullying and harassment": frozenset({Element.BULLYING}),
    "sexual harassment": frozenset({Element.BULLYING}),
    "microaggressions": frozenset({Element.ATTITUDES}),
    "discrimination": frozenset({Element.ATTITUDES}),
    "inappropriate behaviour": frozenset({Element.ATTITUDES}),
    "health and safety": frozenset({Element.WELLBEING}),
    "wellbeing": frozenset({Element.WELLBEING}),
    "workload": frozenset({Element.WELLBEING}),
    "reasonable adjustments": frozenset({Element.WELLBEING}),
}

NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def normalise(theme_name: str) -> str:
    """'Inappropriate "banter"' and 'inappropriate banter' are the same theme."""
    return NOT_LETTERS.sub(" ", theme_name.casefold()).strip()


def elements_of(theme_name: str) -> frozenset[Element]:
    return THEME_ELEMENTS.get(normalise(theme_name), frozenset())


# Quarters -----------------------------------------------------------------------------------

# English month names, as typed into a report's period; labels use Django's, translated.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
QUARTER_SLUG = re.compile(r"^(\d{4})-q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial quarter: April to June is Q1 of the year that starts that April."""

    year: int  # the financial year, by the calendar year it starts in: 2026 for 2026 to 2027
    number: int  # 1 to 4

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        months_in = (day.month - 4) % 12
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, months_in // 3 + 1)

    @classmethod
    def parse(cls, slug: str) -> Quarter | None:
        match = QUARTER_SLUG.match(slug.strip().lower())
        return cls(int(match[1]), int(match[2])) if match else None

    @property
    def start(self) -> datetime.date:
        month = 4 + 3 * (self.number - 1)
        return datetime.date(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the quarter (the return counts it in)."""
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def label(self) -> str:
        """'Q1 2026 to 2027 (April to June 2026)', in GOV.UK style for financial years."""
        first, last = self.start, self.end
        words = {
            "number": self.number,
            "year": self.year,
            "next_year": self.year + 1,
            "first": MONTH_NAMES[first.month],
            "first_year": first.year,
            "last": MONTH_NAMES[last.month],
            "last_year": last.year,
        }
        if first.year != last.year:
            return (
                gettext(
                    "Q%(number)s %(year)s to %(next_year)s (%(first)s %(first_year)s to "
                    "%(last)s %(last_year)s)"
                )
                % words
            )
        return (
            gettext("Q%(number)s %(year)s to %(next_year)s (%(first)s to %(last)s %(last_year)s)")
            % words
        )


def day(when: datetime.date) -> str:
    return date_format(when, "j F Y")


def recent_quarters(today: datetime.date, count: int = 8) -> list[Quarter]:
    """The quarter today falls in and the ones before it, newest first: the return's choices."""
    quarters = [Quarter.containing(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def completed_quarters(today: datetime.date, count: int = 8) -> list[Quarter]:
    """The quarters that have ended by today, newest first: all that controlled figures cover.

    A quarter still running grows day by day, so two requests for it on different days would
    difference to what was added in between; a quarter that has ended no longer changes.
    """
    return recent_quarters(today, count + 1)[1:]


# The return ---------------------------------------------------------------------------------

# The return's rows, in English here and translated as the return is built.
RAISED = gettext_noop("Concerns raised")
ANONYMOUS = gettext_noop("Raised anonymously")
DETRIMENT = gettext_noop("Where detriment was reported")
DETRIMENT_PARTS = (
    gettext_noop("Detriment reported at a check-in"),
    gettext_noop("HR process alerts (tripwire)"),
)
SPEAK_UP = gettext_noop("Answers to “would you speak up again?”")
# Each answer's row, by the answer: "Would speak up again: Yes".
SPEAK_UP_ROW = gettext_noop("Would speak up again: %(answer)s")


@dataclass(frozen=True)
class FtsuReturn:
    network: Network
    quarter: Quarter
    table: Published  # one row per measure, in the order the return is filled in
    themes: tuple[tuple[Element, tuple[str, ...]], ...]  # the network's themes in each element


def build(network: Network, quarter: Quarter, *, exact: bool) -> FtsuReturn:
    """The return for one network and quarter, every figure through disclosure control."""
    scope = figures.Scope(networks=(network,), start=quarter.start, end=quarter.end)
    threshold = scope.threshold
    themes = list(Theme.objects.filter(network=network))
    counted = concern_counts(scope, themes)
    raised = counted["raised"]
    raised_label = gettext(RAISED)
    rows: list[tuple[str, Figure]] = [
        (raised_label, alone("raised", raised_label, raised, exact, threshold))
    ]
    parts = [("anonymous", gettext(ANONYMOUS)), *((e.name, e.words) for e in Element)]
    for key, label in parts:
        rows.append((label, _one_of(key, label, counted[key], raised, exact, threshold)))
    rows += _whole_and_parts(detriment_counts(scope), gettext(DETRIMENT), "", exact, threshold)
    rows += _whole_and_parts(
        figures.speak_up_again(scope), gettext(SPEAK_UP), gettext(SPEAK_UP_ROW), exact, threshold
    )
    notes = (
        gettext(
            "A concern can have more than one element, or none, so the elements do not add up "
            "to the concerns raised."
        ),
        *_publication_notes(rows, exact, threshold),
    )
    table = Published(
        key="ftsu-return",
        title=gettext("Freedom to Speak Up return, %(quarter)s") % {"quarter": quarter.label},
        row_heading=gettext("Measure"),
        columns=(gettext("Number"),),
        rows=tuple((label, (figure,)) for label, figure in rows),
        description=gettext("%(network)s, %(start)s to %(end)s.")
        % {"network": network.name, "start": day(quarter.start), "end": day(quarter.end)},
        exact=exact,
        notes=notes,
    )
    named = tuple(
        (element, tuple(t.name for t in themes if element in elements_of(t.name)))
        for element in Element
    )
    return FtsuReturn(network=network, quarter=quarter, table=table, themes=named)


def concern_counts(scope: figures.Scope, themes: Iterable[Theme]) -> dict[str, int]:
    """Concerns raised in the period, and how many had each element: one query.

    Every concern raised counts, even if withdrawn or shredded since: it was raised. A
    concern counts once in an element however many of its themes carry it.
    """
    tallies = figures.summed(scope)
    counted = {element.name: 0 for element in Element}
    elements = figures.theme_counts(
        tallies.totals("themes"),
        lambda names: {element.name for name in names for element in elements_of(name)},
    )
    counted.update({name: n for name, n in elements.items() if name is not None})
    return {
        "raised": sum(tallies.totals("channel").values()),
        "anonymous": tallies.totals("anonymous").get("", 0),
        **counted,
    }


def detriment_counts(scope: figures.Scope) -> Counts:
    """Check-ins answered in the period that reported any harm, and HR alerts raised in it.

    Events, not people: someone who reports harm and is also the subject of an HR alert
    counts in both, as the two are different evidence of detriment.
    """
    tallies = figures.summed(scope)
    reported = tallies.totals("harm").get("any", 0)
    alerts = sum(tallies.totals("alert").values())
    return Counts(
        key="ftsu-detriment",
        title=gettext(DETRIMENT),
        row_heading=gettext("Source"),
        rows=tuple(gettext(part) for part in DETRIMENT_PARTS),
        columns=(gettext("Number"),),
        cells=((reported,), (alerts,)),
    )


def alone(key: str, label: str, count: int, exact: bool, threshold: int) -> Figure:
    """One count on its own, through disclosure control: hidden only when it is small."""
    counts = Counts(
        key=key,
        title=label,
        row_heading="",
        rows=(label,),
        columns=(gettext("Number"),),
        cells=((count,),),
    )
    return publish(counts, exact=exact, threshold=threshold).rows[0][1][0]


def _one_of(key: str, label: str, count: int, raised: int, exact: bool, threshold: int) -> Figure:
    """How many of the concerns raised had something, published against those that did not.

    Shown alone, "6 of 7 raised anonymously" would give away the one raised by name. Counted
    as a row of with and without, whose total is the concerns raised, disclosure control
    withholds this figure whenever the other could be worked out from it.
    """
    counts = Counts(
        key=key,
        title=label,
        row_heading="",
        rows=(label,),
        columns=(gettext("Yes"), gettext("No")),
        cells=((count, raised - count),),
    )
    return publish(counts, exact=exact, threshold=threshold).rows[0][1][0]


def _whole_and_parts(
    counts: Counts, total_label: str, row: str, exact: bool, threshold: int
) -> list[tuple[str, Figure]]:
    """A one-way table as rows of the return: its total first, then each part, each named
    by `row` ("Would speak up again: %(answer)s") or, when it is empty, as in the table."""
    published = publish(counts, exact=exact, threshold=threshold)
    rows = [(total_label, published.column_totals[-1])]
    rows += [
        (row % {"answer": label} if row else label, cells[0]) for label, cells in published.rows
    ]
    return rows


def _publication_notes(
    rows: list[tuple[str, Figure]], exact: bool, threshold: int
) -> tuple[str, ...]:
    """What the hidden figures' words mean, in disclosure control's own wording."""
    if exact:
        return (
            gettext(
                "Exact figures, for the lead champion of this network: take care before "
                "sharing them."
            ),
        )
    shown = {figure.text for _, figure in rows if figure.withheld}
    n = threshold
    notes = []
    if fewer_than(n) in shown:
        notes.append(small_note(n))
    if gettext(WITHHELD) in shown:
        notes.append(
            gettext(
                "Figures marked “withheld” are hidden so that small numbers cannot be worked "
                "out from the others."
            )
        )
    return tuple(notes)
