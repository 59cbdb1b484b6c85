"""Import HR events, from a CSV file or the API's JSON: every good row kept, every bad one named.

What HR gets back (and what is left in the database) is the same whether or not an event is
about someone who spoke up: how many rows were accepted, and the problems with the rest. The
matching happens afterwards, in the worker (safespace/tripwire/tasks.py), so not even the
time an import takes depends on it.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy, ngettext

from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record
from safespace.directory.models import EMPLOYEE_NUMBER_MAX
from safespace.lib.batches import write_in_slices
from safespace.lib.csvfile import CsvImporter, Unreadable, read_table
from safespace.tripwire import keys
from safespace.tripwire.models import EventKind, HREvent

COLUMNS = ("employee_number", "event", "date")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BATCH = 1000
EMPTY = gettext_lazy(
    "The file is empty. Upload a CSV file with a row of column names (employee_number, event, "
    "date) and then one row for each event"
)


@dataclass(frozen=True)
class Good:
    key: str
    kind: str
    date: datetime.date


@dataclass(frozen=True)
class ImportResult:
    accepted: int = 0
    rejected: int = 0  # rows; one row can have several problems
    problems: list[str] = field(default_factory=list)

    @property
    def kept(self) -> int:
        return self.accepted


def summary(result: ImportResult) -> str:
    """The one line the command prints, the page shows and the API answers: counts only."""
    if not result.accepted and not result.rejected:
        return gettext("Nothing was imported.")
    accepted = result.accepted
    line = ngettext("Accepted %(count)d row.", "Accepted %(count)d rows.", accepted) % {
        "count": accepted
    }
    if result.rejected:
        bad = result.rejected
        line += " " + ngettext(
            "%(count)d row has a problem and was not imported.",
            "%(count)d rows have problems and were not imported.",
            bad,
        ) % {"count": bad}
    return line


def refused(result: ImportResult) -> str:
    """What the upload page says under the file question when the file has problems."""
    if result.accepted:
        return gettext("Fix the rows listed and upload a file of only those rows")
    return gettext("Nothing was imported. Fix the file and upload it again")


# No HR process of anyone who works here now started before this; a year like 0001 or 9999
# is a typing or export mistake.
EARLIEST = datetime.date(2000, 1, 1)


def check(where: str, number: str, event: str, date: str) -> Good | list[str]:
    """One row made good (the employee number already hashed), or what is wrong with it."""
    number, event, date = number.strip(), event.strip().lower(), date.strip()
    wrong: list[str] = []
    if not number:
        wrong.append(gettext("%(where)s: enter the employee number") % {"where": where})
    elif len(number) > EMPLOYEE_NUMBER_MAX:
        wrong.append(
            gettext("%(where)s: the employee number must be %(most)d characters or fewer")
            % {"where": where, "most": EMPLOYEE_NUMBER_MAX}
        )
    elif not keys.is_valid(number):
        wrong.append(
            gettext(
                "%(where)s: the employee number can only contain letters, numbers, spaces, "
                "hyphens, full stops and slashes"
            )
            % {"where": where}
        )
    if not event:
        wrong.append(
            gettext("%(where)s: enter the event, one of %(events)s")
            % {"where": where, "events": ", ".join(EventKind.values)}
        )
    elif event not in EventKind.values:
        wrong.append(
            gettext("%(where)s: the event must be one of %(events)s. Check the spelling")
            % {"where": where, "events": ", ".join(EventKind.values)}
        )
    day = None
    if not date:
        wrong.append(
            gettext("%(where)s: enter the date the process started, like 2026-03-14")
            % {"where": where}
        )
    elif not ISO_DATE.match(date):
        wrong.append(
            gettext("%(where)s: enter the date as year-month-day, like 2026-03-14")
            % {"where": where}
        )
    else:
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            wrong.append(
                gettext("%(where)s: the date must be a real date, like 2026-03-14")
                % {"where": where}
            )
        else:
            latest = datetime.date(timezone.localdate().year + 1, 12, 31)
            if not EARLIEST <= day <= latest:
                wrong.append(
                    gettext(
                        "%(where)s: the date must be between %(earliest)s and %(latest)s. "
                        "Check the year"
                    )
                    % {
                        "where": where,
                        "earliest": date_format(EARLIEST, "j F Y"),
                        "latest": date_format(latest, "j F Y"),
                    }
                )
                day = None
    if wrong or day is None:
        return wrong
    return Good(key=keys.watch_key(number), kind=event, date=day)


def parse_csv(text: str) -> tuple[list[Good], list[list[str]]]:
    """The good rows, and each bad row's problems by line. Unreadable if the file is wrong."""
    table = read_table(
        text,
        COLUMNS,
        empty=EMPTY,
        no_rows=gettext("The file has column names but no events. Add one row for each event"),
    )
    if table.broken_at is not None:
        # Which rows were meant after it is unknown, so none is imported.
        raise Unreadable(
            gettext(
                "Line %(number)d: this line cannot be read as CSV, so nothing was imported. "
                "Check for a stray quotation mark, or save the file again as CSV UTF-8"
            )
            % {"number": table.broken_at}
        )
    good: list[Good] = []
    problems: list[list[str]] = []
    for line in table.lines:
        if line.problem:
            problems.append([line.problem])
            continue
        where = gettext("Line %(number)d") % {"number": line.number}
        row = check(where, *(line.values[name] for name in COLUMNS))
        if isinstance(row, Good):
            good.append(row)
        else:
            problems.append(row)
    return good, problems


def parse_records(records: Iterable[Any]) -> tuple[list[Good], list[list[str]]]:
    """The API's rows: each an object with the three columns as strings, counted from 1."""
    good: list[Good] = []
    problems: list[list[str]] = []
    for number, item in enumerate(records, start=1):
        where = gettext("Row %(number)d") % {"number": number}
        if not isinstance(item, Mapping) or not all(
            isinstance(item.get(name), str) for name in COLUMNS
        ):
            problems.append(
                [
                    gettext(
                        "%(where)s: give employee_number, event and date, each as a string of text"
                    )
                    % {"where": where}
                ]
            )
            continue
        row = check(where, *(str(item[name]) for name in COLUMNS))
        if isinstance(row, Good):
            good.append(row)
        else:
            problems.append(row)
    return good, problems


def save(rows: list[Good], actor: User | None) -> uuid.UUID:
    """Write the good rows, then queue the matching for the worker.

    Written in slices, each a short transaction of its own (safespace/lib/batches.py), so that
    nobody pressing Send meanwhile waits for the whole import. The matching is queued, with the
    audit event, only once every slice is in; if that fails, the slices are taken back. If the
    process is killed part-way, what was written is never matched, and sending the file again
    imports and matches it all (an event already alerted on is not alerted on twice).
    """
    batch = uuid.uuid4()
    now = timezone.now()
    events = [
        HREvent(
            key=row.key,
            kind=row.kind,
            date=row.date,
            batch=batch,
            imported_at=now,
            imported_by=actor,
        )
        for row in rows
    ]
    try:
        write_in_slices(events, lambda part: HREvent.objects.bulk_create(part, batch_size=BATCH))
        _finish(batch, actor)
    except BaseException:
        # Nothing half written: take back the slices already in.
        HREvent.objects.filter(batch=batch).delete()
        raise
    return batch


def _finish(batch: uuid.UUID, actor: User | None) -> None:
    """Audit the import and queue its matching, together."""
    from safespace.tripwire.tasks import match_import  # the task module imports this one

    with transaction.atomic():
        record(
            actor_code=str(actor.code) if actor else "",
            actor_role="hr" if actor else "system",
            action=AuditAction.HR_EVENTS_IMPORT,
            object_type="hr_import",
            object_code=str(batch),
        )
        match_import.enqueue(str(batch))


def import_csv(text: str, *, actor: User | None = None) -> ImportResult:
    try:
        good, problems = parse_csv(text)
    except Unreadable as whole:
        return ImportResult(problems=[str(whole)])
    if good:
        save(good, actor)
    return _result(good, problems)


def import_records(records: Iterable[Any], *, actor: User) -> ImportResult:
    good, problems = parse_records(records)
    if good:
        save(good, actor)
    return _result(good, problems)


def _result(good: list[Good], problems: list[list[str]]) -> ImportResult:
    return ImportResult(
        accepted=len(good),
        rejected=len(problems),
        problems=[problem for row in problems for problem in row],
    )


CSV = CsvImporter(columns=COLUMNS, run=import_csv, summary=summary, refused=refused, failed=summary)
