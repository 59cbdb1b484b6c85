"""Re-key raisers' links and pattern marks from SECRET_KEY to their own keys (decision 0008).

Both are HMACs of something the databases still hold (an account's code; a person in the staff
directory, and their team), so each can be made again under its purpose key here, at once: no
link or mark depends on SECRET_KEY afterwards. A mark for someone no longer in the directory
cannot be made again and keeps its old form; no new concern can name them either.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import migrations

from safespace.cases import patterns
from safespace.cases.raisers import legacy_links_for, link_for

Pairs = Iterable[tuple[list[str], str]]


def _rekey(rows: Any, field: str, pairs: Pairs, forwards: bool) -> None:
    """Replace each old value found in `field` with its new one (or back, going backwards)."""
    present = set(rows.exclude(**{field: ""}).values_list(field, flat=True).distinct())
    for olds, new in pairs:
        if forwards:
            for old in olds:
                if old in present:
                    rows.filter(**{field: old}).update(**{field: new})
        elif new in present and olds:
            rows.filter(**{field: new}).update(**{field: olds[0]})


def _links(apps: Any) -> Pairs:
    for code in apps.get_model("accounts", "User").objects.values_list("code", flat=True):
        yield legacy_links_for(code), link_for(code)


def _marks(apps: Any) -> Pairs:
    staff = apps.get_model("directory", "StaffMember").objects
    teams = set()
    for pk, directorate_id, service in staff.values_list("pk", "directorate_id", "service"):
        value = patterns.person_value(pk)
        yield patterns.legacy_marks(value), patterns.person_mark(pk)
        if service.strip():
            teams.add((directorate_id, service.strip().lower()))
    for directorate_id, service in sorted(teams):
        value = patterns.team_value(directorate_id, service)
        yield patterns.legacy_marks(value), patterns.team_mark(directorate_id, service)


def _both(forwards: bool) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        _rekey(apps.get_model("cases", "Case").objects, "raiser_link", _links(apps), forwards)
        _rekey(apps.get_model("cases", "NamedMark").objects, "mark", _marks(apps), forwards)

    return run


rekey = _both(forwards=True)
unkey = _both(forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_sealed_second_factors"),
        ("directory", "0001_initial"),
        ("cases", "0010_bind_sealed_to_rows"),
    ]

    operations = [migrations.RunPython(rekey, unkey)]
