"""Import the staff directory from the HR system's CSV export: check every row, then write.

A file with any problem changes nothing. Nothing is asked of the database person by person:
the directory and the directorates are read once, and people are written in slices of a few
thousand, each in a short transaction of its own (safespace/lib/batches.py), so that a raiser
pressing Send during a 100,000-row import waits a moment, not for the whole import. One import
runs at a time. If one stops part-way (the server restarts), the people written so far stay
and importing the same file again finishes the job: every write is "make this person as the
file says".
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import astuple, dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext

from safespace.accounts.models import Directorate, User
from safespace.audit.actions import AuditAction
from safespace.audit.chain import record
from safespace.directory.models import EMPLOYEE_NUMBER_MAX, NAME_MAX, SERVICE_MAX, StaffMember
from safespace.lib.batches import write_in_slices
from safespace.lib.csvfile import CsvImporter, Unreadable, read_table

COLUMNS = ("employee_number", "name", "email", "directorate", "service", "manager_employee_number")
EMAIL_MAX = 254
DIRECTORATE_MAX = 120  # Directorate.name
BATCH = 1000
# Far deeper than any real organisation; a file deeper still costs one more update, not more.
MAX_LEVELS = 30
# What an import may change about someone already in the directory: (field, attribute).
FIELDS = (
    ("full_name", "full_name"),
    ("email", "email"),
    ("directorate", "directorate_id"),
    ("service", "service"),
    ("manager", "manager_id"),
)
EMPTY = gettext_lazy(
    "The file is empty. Upload the CSV file from the HR system, with a row of column names "
    "and then one row for each person"
)


class Problem(NamedTuple):
    """A problem, the line (or row) it is on, 0 for the file as a whole, and the column it is
    about, when it is about one. Problems are listed by line."""

    line: int
    message: str
    field: str = ""


# A loop of thousands of people is one mistake; naming a few of them is enough to find it.
LOOP_SHOWN = 6
# Held while an import checks and writes; it lapses by itself if the process dies.
RUNNING = "directory-import-running"
RUNNING_FOR = 30 * 60
# Kept in English: the API knows a busy answer by it (safespace/api/views.py).
BUSY = gettext_noop(
    "Another import of the staff directory is running. Wait a few minutes, then upload the "
    "file again"
)


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    new_directorates: int = 0
    problems: list[str] = field(default_factory=list)
    removed: int = 0
    # The same problems with their line and column, for the API's answer.
    found: list[Problem] = field(default_factory=list)

    @property
    def people(self) -> int:
        return self.created + self.updated

    @property
    def kept(self) -> int:
        """All or nothing: a file with any problem keeps no one."""
        return 0 if self.problems else self.people


@dataclass(frozen=True)
class Row:
    line: int
    employee_number: str
    name: str
    email: str
    directorate: str
    service: str
    manager: str


@dataclass(frozen=True)
class Known:
    """A person already in the directory, as the import compares them."""

    pk: int
    full_name: str
    email: str
    directorate_id: int
    service: str
    manager_id: int | None


def summary(result: ImportResult) -> str:
    """The one-line result the command prints and the upload page shows."""
    # Two counts with a noun each: the directorates' words are put in whole, with their number.
    directorates = ngettext(
        "%(count)d new directorate", "%(count)d new directorates", result.new_directorates
    ) % {"count": result.new_directorates}
    return ngettext(
        "Imported %(count)d person: %(created)d new, %(updated)d updated, %(directorates)s.",
        "Imported %(count)d people: %(created)d new, %(updated)d updated, %(directorates)s.",
        result.people,
    ) % {
        "count": result.people,
        "created": result.created,
        "updated": result.updated,
        "directorates": directorates,
    }


def refused(result: ImportResult) -> str:
    """What the upload page says under the file question when the file has problems."""
    count = len(result.problems)
    return ngettext(
        "The selected file has %(count)d problem, so nothing was imported. Fix the file and "
        "upload it again",
        "The selected file has %(count)d problems, so nothing was imported. Fix the file and "
        "upload it again",
        count,
    ) % {"count": count}


def failed(result: ImportResult) -> str:
    """What the command ends with when the file has problems."""
    count = len(result.problems)
    return ngettext(
        "Nothing was imported: the file has %(count)d problem",
        "Nothing was imported: the file has %(count)d problems",
        count,
    ) % {"count": count}


def import_csv(text: str, *, actor: User | None = None) -> ImportResult:
    """Check every row of the file; if all are right, add or update everyone in it at once.

    `actor` is the administrator who uploaded the file, or None when a command ran it.
    """
    rows, problems = parse(text)
    if not rows:
        return _refused(problems)
    return _checked_write(
        rows,
        problems,
        actor_code=str(actor.code) if actor else "",
        actor_role="admin" if actor else "system",
    )


def import_people(
    people: list[dict[str, str]],
    *,
    replace: bool,
    leavers: Iterable[str] = (),
    actor_code: str,
    actor_role: str,
) -> ImportResult:
    """The API's sync: `people` as rows of the CSV file's columns, counted from 1.

    With `replace`, they are the whole directory and anyone not among them is removed; without
    it, they are the changes since the last sync, and `leavers` (employee numbers) are
    removed. Checked and written all or nothing, as a file is.
    """
    rows = [
        Row(
            line=number,
            employee_number=person["employee_number"].strip(),
            name=person["name"].strip(),
            email=person["email"].strip().lower(),
            directorate=" ".join(person["directorate"].split()),
            service=person.get("service", "").strip(),
            manager=person.get("manager_employee_number", "").strip(),
        )
        for number, person in enumerate(people, start=1)
    ]
    return _checked_write(
        rows,
        [],
        actor_code=actor_code,
        actor_role=actor_role,
        replace=replace,
        leavers={number.strip() for number in leavers},
        where="Row",
    )


def _refused(problems: list[Problem]) -> ImportResult:
    problems.sort(key=lambda problem: problem.line)
    return ImportResult(problems=[problem.message for problem in problems], found=problems)


def _checked_write(
    rows: list[Row],
    problems: list[Problem],
    *,
    actor_code: str,
    actor_role: str,
    replace: bool = False,
    leavers: set[str] | None = None,
    where: str = "Line",
) -> ImportResult:
    # One at a time, so the checks below hold for what is written.
    if not cache.add(RUNNING, 1, RUNNING_FOR):
        busy = gettext(BUSY)
        return ImportResult(problems=[busy], found=[Problem(0, busy)])
    try:
        known = _known_people()
        leaving = set(leavers or ())
        if replace:
            leaving = set(known) - {row.employee_number for row in rows}
        problems += check(rows, known, where=where, leaving=leaving)
        if problems:
            return _refused(problems)
        # Leavers first, so that a newcomer may take a leaver's email address.
        removed = _remove(leaving)
        result = _write(rows, known)
        with transaction.atomic():
            record(
                actor_code=actor_code,
                actor_role=actor_role,
                action=AuditAction.DIRECTORY_IMPORT,
                object_type="directory",
                object_code="staff",
            )
    finally:
        cache.delete(RUNNING)
    return ImportResult(
        created=result.created,
        updated=result.updated,
        new_directorates=result.new_directorates,
        removed=removed,
    )


def _remove(numbers: set[str]) -> int:
    """Take leavers out of the directory; whoever they managed is left without a manager."""
    if not numbers:
        return 0
    removed = 0
    ordered = sorted(numbers)
    for start in range(0, len(ordered), BATCH):
        with transaction.atomic():
            removed += (
                StaffMember.objects.filter(employee_number__in=ordered[start : start + BATCH])
                .delete()[1]
                .get(StaffMember._meta.label, 0)
            )
    return removed


def parse(text: str) -> tuple[list[Row], list[Problem]]:
    """The rows that can be read, with their line numbers, and the problems reading the rest.

    No rows at all means the file as a whole cannot be used, and the problems say why.
    """
    try:
        table = read_table(
            text,
            COLUMNS,
            empty=EMPTY,
            no_rows=gettext(
                "The file has column names but nobody in it. Add one row for each person"
            ),
        )
    except Unreadable as whole:
        return [], [Problem(0, str(whole))]
    rows: list[Row] = []
    problems: list[Problem] = []
    for line in table.lines:
        if line.problem:
            problems.append(Problem(line.number, line.problem))
            continue
        value = line.values
        rows.append(
            Row(
                line=line.number,
                employee_number=value["employee_number"],
                name=value["name"],
                email=value["email"].lower(),
                directorate=" ".join(value["directorate"].split()),
                service=value["service"],
                manager=value["manager_employee_number"],
            )
        )
    if table.broken_at is not None:
        broken = table.broken_at
        problems.append(
            Problem(
                broken,
                gettext(
                    "Line %(number)d: this line cannot be read as CSV, so nothing after it was "
                    "checked. Check for a stray quotation mark, or save the file again as CSV "
                    "UTF-8"
                )
                % {"number": broken},
            )
        )
    return rows, problems


def _known_people() -> dict[str, Known]:
    """Everyone in the directory by employee number, in one query."""
    return {
        number: Known(pk, full_name, email, directorate_id, service, manager_id)
        for pk, number, full_name, email, directorate_id, service, manager_id in (
            StaffMember.objects.values_list(
                "pk",
                "employee_number",
                "full_name",
                "email",
                "directorate_id",
                "service",
                "manager_id",
            )
        )
    }


def check(
    rows: list[Row],
    known: dict[str, Known],
    *,
    where: str = "Line",
    leaving: Collection[str] = (),
) -> list[Problem]:
    """Every problem in the rows, each with its line and saying what to change.

    `leaving` are the people the import removes: nobody may name one of them as a manager.
    """
    problems: list[Problem] = []
    in_file = {row.employee_number for row in rows}
    staying = {number for number in known if number not in leaving}
    holder_of_email = {person.email: number for number, person in known.items()}
    line_of_number: dict[str, int] = {}
    line_of_email: dict[str, int] = {}

    def problem(row: Row, message: str, column: str = "", **words: object) -> None:
        # Each message is a whole sentence after the name of its line (or the API's row).
        text = message % {"where": _label(where, row.line), **words}
        problems.append(Problem(row.line, text, column))

    for row in rows:
        if any("\x00" in value for value in astuple(row)[1:]):
            problem(
                row,
                gettext(
                    "%(where)s: this row contains a null character, which an export sometimes "
                    "adds by mistake. Save the file again as CSV UTF-8 and check this line"
                ),
            )
            continue
        number = row.employee_number
        if not number:
            problem(row, gettext("%(where)s: enter an employee number"), "employee_number")
        elif len(number) > EMPLOYEE_NUMBER_MAX:
            problem(
                row,
                gettext("%(where)s: the employee number must be %(most)d characters or fewer"),
                "employee_number",
                most=EMPLOYEE_NUMBER_MAX,
            )
        elif number in line_of_number:
            also_on = (
                gettext(
                    "%(where)s: employee number %(number)s is also on line %(other)d. Each person "
                    "should be on one line only"
                )
                if where == "Line"
                else gettext(
                    "%(where)s: employee number %(number)s is also on row %(other)d. Each person "
                    "should be on one row only"
                )
            )
            problem(row, also_on, "employee_number", number=number, other=line_of_number[number])
        elif number in leaving and number in known:
            problem(
                row,
                gettext(
                    "%(where)s: employee number %(number)s is also among the leavers. Send each "
                    "person as staying or leaving, not both"
                ),
                "employee_number",
                number=number,
            )
        else:
            line_of_number[number] = row.line

        if not row.name:
            problem(row, gettext("%(where)s: enter the person's name"), "name")
        elif len(row.name) > NAME_MAX:
            problem(
                row,
                gettext("%(where)s: the name must be %(most)d characters or fewer"),
                "name",
                most=NAME_MAX,
            )

        if not row.email:
            problem(
                row, gettext("%(where)s: enter an email address, like name@example.org"), "email"
            )
        elif len(row.email) > EMAIL_MAX or not _is_email(row.email):
            problem(
                row,
                gettext(
                    "%(where)s: enter an email address in the correct format, like name@example.org"
                ),
                "email",
            )
        elif row.email in line_of_email:
            also_on = (
                gettext(
                    "%(where)s: the email address is also on line %(other)d. Each person needs "
                    "their own email address"
                )
                if where == "Line"
                else gettext(
                    "%(where)s: the email address is also on row %(other)d. Each person needs "
                    "their own email address"
                )
            )
            problem(row, also_on, "email", other=line_of_email[row.email])
        else:
            line_of_email[row.email] = row.line
            holder = holder_of_email.get(row.email)
            # A leaver's address is free once they have gone, which happens first.
            if holder is not None and holder != number and holder not in leaving:
                problem(
                    row,
                    gettext(
                        "%(where)s: the email address belongs to employee number %(holder)s in "
                        "the staff directory. Check the email address and the employee number"
                    ),
                    "email",
                    holder=holder,
                )

        if not row.directorate:
            problem(row, gettext("%(where)s: enter the directorate"), "directorate")
        elif len(row.directorate) > DIRECTORATE_MAX:
            problem(
                row,
                gettext("%(where)s: the directorate must be %(most)d characters or fewer"),
                "directorate",
                most=DIRECTORATE_MAX,
            )

        if len(row.service) > SERVICE_MAX:
            problem(
                row,
                gettext("%(where)s: the service must be %(most)d characters or fewer"),
                "service",
                most=SERVICE_MAX,
            )

        if row.manager and row.manager == number:
            problem(
                row,
                gettext(
                    "%(where)s: a person cannot be their own manager. Leave "
                    "manager_employee_number blank for someone with no manager"
                ),
                "manager_employee_number",
            )
        elif row.manager and row.manager not in in_file and row.manager not in staying:
            problem(
                row,
                _NO_MANAGER[where == "Line", row.manager in leaving](),
                "manager_employee_number",
                manager=row.manager,
            )

    staying_known = {n: p for n, p in known.items() if n not in leaving}
    problems.extend(_loops(rows, staying_known, line_of_number, where))
    return problems


def _label(where: str, line: int) -> str:
    """A line of the file, or a row the API was sent."""
    if where == "Line":
        return gettext("Line %(number)d") % {"number": line}
    return gettext("Row %(number)d") % {"number": line}


# Whether the manager was looked for in a file (or the API's sync), and among the leavers.
_NO_MANAGER: dict[tuple[bool, bool], Callable[[], str]] = {
    (True, False): lambda: gettext(
        "%(where)s: the manager's employee number %(manager)s is not in this file or in the "
        "staff directory"
    ),
    (True, True): lambda: gettext(
        "%(where)s: the manager's employee number %(manager)s is not in this file or in the "
        "staff directory after the leavers go"
    ),
    (False, False): lambda: gettext(
        "%(where)s: the manager's employee number %(manager)s is not in this sync or in the "
        "staff directory"
    ),
    (False, True): lambda: gettext(
        "%(where)s: the manager's employee number %(manager)s is not in this sync or in the "
        "staff directory after the leavers go"
    ),
}


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _loops(
    rows: list[Row], known: dict[str, Known], line_of_number: dict[str, int], where: str = "Line"
) -> list[Problem]:
    """Management loops (A manages B manages A) the file would leave, each reported once."""
    number_of_pk = {person.pk: number for number, person in known.items()}
    manager_of = {
        number: number_of_pk[person.manager_id]
        for number, person in known.items()
        if person.manager_id in number_of_pk
    }
    for row in rows:
        # The first line for a number is the one that counts; repeats are reported already.
        if line_of_number.get(row.employee_number) == row.line:
            if row.manager and row.manager != row.employee_number:
                manager_of[row.employee_number] = row.manager
            else:
                manager_of.pop(row.employee_number, None)

    loops: list[Problem] = []
    on_path, done = 1, 2
    state: dict[str, int] = {}
    for row in rows:
        path: list[str] = []
        node: str | None = row.employee_number
        while node is not None and node not in state:
            state[node] = on_path
            path.append(node)
            node = manager_of.get(node)
        if node is not None and state[node] == on_path:
            loop = path[path.index(node) :]
            lines = [line_of_number[n] for n in loop if n in line_of_number]
            line = min(lines) if lines else row.line
            shown = [*loop, loop[0]] if len(loop) <= LOOP_SHOWN else loop[:LOOP_SHOWN]
            chain = functools.reduce(
                lambda manager, person: (
                    gettext("%(manager)s manages %(person)s")
                    % {"manager": manager, "person": person}
                ),
                reversed(shown),
            )
            if len(loop) > LOOP_SHOWN:
                chain = "… " + chain
            message = gettext(
                "%(where)s: the managers go round in a loop (%(chain)s). Someone in the loop "
                "must have a different manager"
            ) % {"where": _label(where, line), "chain": chain}
            loops.append(Problem(line, message, "manager_employee_number"))
        for visited in path:
            state[visited] = done
    return loops


def _directorates(names: Iterable[str]) -> tuple[dict[str, int], int]:
    """Each directorate's id by its name, ignoring case and spacing, adding any that are new."""

    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    def existing() -> dict[str, int]:
        ids: dict[str, int] = {}
        for pk, name in Directorate.objects.order_by("pk").values_list("pk", "name"):
            ids.setdefault(key(name), pk)
        return ids

    ids = existing()
    new: dict[str, str] = {}
    for name in names:
        if key(name) not in ids:
            new.setdefault(key(name), name)
    if new:
        with transaction.atomic():
            Directorate.objects.bulk_create([Directorate(name=name) for name in new.values()])
        ids = existing()
    return {name: ids[key(name)] for name in names}, len(new)


def _write(rows: list[Row], known: dict[str, Known]) -> ImportResult:
    now = timezone.now()
    directorate_of, new_directorates = _directorates({row.directorate for row in rows})
    pk_of = {number: person.pk for number, person in known.items()}
    fresh = [row for row in rows if row.employee_number not in known]
    late = _add(fresh, pk_of, directorate_of, now)

    # People already in the directory: only the rows that change, and only what changes, as
    # the cost of a bulk update grows with every value it writes.
    changes: dict[tuple[str, ...], list[StaffMember]] = defaultdict(list)
    for row in rows:
        before = known.get(row.employee_number)
        if before is None:
            continue
        after = StaffMember(
            pk=before.pk,
            full_name=row.name,
            email=row.email,
            directorate_id=directorate_of[row.directorate],
            service=row.service,
            manager_id=pk_of[row.manager] if row.manager else None,
            updated=now,
        )
        changed = tuple(
            name for name, attname in FIELDS if getattr(after, attname) != getattr(before, attname)
        )
        if changed:
            changes[(*changed, "updated")].append(after)
    for row in late:
        changes[("manager",)].append(
            StaffMember(pk=pk_of[row.employee_number], manager_id=pk_of[row.manager])
        )
    for fields, people in changes.items():
        _update_in_slices(people, list(fields))

    _move_users(rows, directorate_of)
    return ImportResult(
        created=len(fresh),
        updated=len(rows) - len(fresh),
        new_directorates=new_directorates,
    )


def _update_in_slices(people: list[StaffMember], fields: list[str]) -> None:
    write_in_slices(
        people, lambda part: StaffMember.objects.bulk_update(part, fields, batch_size=BATCH)
    )


def _add(
    fresh: list[Row], pk_of: dict[str, int], directorate_of: dict[str, int], now: datetime
) -> list[Row]:
    """Add new people, managers before the people they manage, so each is written once.

    One insert per level of management. Anyone deeper than MAX_LEVELS is added without their
    manager, and returned so the manager can be set afterwards.
    """
    waiting = fresh
    for _ in range(MAX_LEVELS):
        ready = [row for row in waiting if not row.manager or row.manager in pk_of]
        waiting = [row for row in waiting if row.manager and row.manager not in pk_of]
        _create(ready, pk_of, directorate_of, now, with_managers=True)
        if not ready or not waiting:
            break
    _create(waiting, pk_of, directorate_of, now, with_managers=False)
    return waiting


def _create(
    rows: list[Row],
    pk_of: dict[str, int],
    directorate_of: dict[str, int],
    now: datetime,
    *,
    with_managers: bool,
) -> None:
    """Insert these people and note their new ids in pk_of."""
    if not rows:
        return
    people = [
        StaffMember(
            employee_number=row.employee_number,
            full_name=row.name,
            email=row.email,
            directorate_id=directorate_of[row.directorate],
            service=row.service,
            manager_id=pk_of[row.manager] if with_managers and row.manager else None,
            updated=now,
        )
        for row in rows
    ]
    write_in_slices(people, lambda part: StaffMember.objects.bulk_create(part, batch_size=BATCH))
    if any(person.pk is None for person in people):
        # A database that cannot return new ids from a bulk insert: read them back.
        pk_of.update(StaffMember.objects.values_list("employee_number", "pk"))
    else:
        pk_of.update((person.employee_number, person.pk) for person in people)


def _move_users(rows: list[Row], directorate_of: dict[str, int]) -> None:
    """Give each person who signs in the directorate the directory has for their email.

    Champion suggestions avoid conflicts by directorate, so it must follow the directory.
    """
    wanted = {row.email: directorate_of[row.directorate] for row in rows}
    moved = [
        User(pk=pk, directorate_id=wanted[email.lower()])
        for pk, email, directorate_id in User.objects.values_list("pk", "email", "directorate_id")
        if email.lower() in wanted and wanted[email.lower()] != directorate_id
    ]
    write_in_slices(
        moved, lambda part: User.objects.bulk_update(part, ["directorate"], batch_size=BATCH)
    )


CSV = CsvImporter(columns=COLUMNS, run=import_csv, summary=summary, refused=refused, failed=failed)
