"""The upgrade binds every value sealed the old way to its row, and the old way opens no more."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Model

from safespace.accounts.models import Role
from safespace.actions import services as actions
from safespace.aftercare import services as aftercare
from safespace.cases.models import Case
from safespace.cases.services import create, messages, reads
from safespace.cases.services import sealed as case_sealed
from safespace.keystore import crypto
from tests.helpers import SEALED, case_with_every_sealed_field, seal_the_old_way

pytestmark = pytest.mark.django_db(databases=["default", "keys"])

UPGRADES = [
    "safespace.cases.migrations.0010_bind_sealed_to_rows",
    "safespace.actions.migrations.0002_bind_sealed_to_rows",
    "safespace.aftercare.migrations.0003_bind_sealed_to_rows",
]

# Where a table's rows meet their case.
TO_CASE = {
    "cases_case": "id",
    "cases_noteversion": "note__case",
    "actions_actionupdate": "action__case",
}

# A note's earlier versions were byte copies of the note's own ciphertext.
SEALED_BEFORE_AS = {("cases_noteversion", "body"): case_sealed.NOTE}


def model_of(table: str) -> type[Model]:
    return next(m for m in apps.get_models() if m._meta.db_table == table)


def stored(case: Case) -> dict[tuple[str, str, Any], tuple[str, bytes, crypto.Row]]:
    """Every sealed value of the case as stored: (table, column, key) -> (field, blob, row)."""
    found = {}
    for (table, column), (field, bound_to) in SEALED.items():
        model = model_of(table)
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.filter(**{TO_CASE.get(table, "case"): case.pk}).values(*names):
            if row[column] is not None:
                found[table, column, row["id"]] = (field, bytes(row[column]), bound_to(row))
    return found


def upgrade() -> None:
    for name in UPGRADES:
        (operation,) = importlib.import_module(name).Migration.operations
        operation.code(apps, SimpleNamespace(connection=connection))


def test_what_was_sealed_the_old_way_reads_the_same_after_the_upgrade(
    make_user, network, caplog
) -> None:
    case, words = case_with_every_sealed_field(make_user, network)
    before = stored(case)
    assert {(t, c) for t, c, _ in before} == set(SEALED)
    # Put the database back as it was before values were bound to their rows.
    old_blobs = {}
    for (table, column, pk), (field, blob, row) in before.items():
        text = crypto.unseal(case.code, field, blob, row)
        old = seal_the_old_way(case.code, SEALED_BEFORE_AS.get((table, column), field), text)
        model_of(table).objects.filter(pk=pk).update(**{column: old})
        old_blobs[table, column, pk] = old
    with pytest.raises(crypto.DecryptionFailed):
        reads.read_content(Case.objects.get(pk=case.pk), None)

    upgrade()

    after = stored(case)
    assert after.keys() == before.keys()
    opened = {crypto.unseal(case.code, f, blob, row) for f, blob, row in after.values()}
    assert opened == words
    # And through the service, as each reader sees it.
    case = Case.objects.get(pk=case.pk)
    assert reads.read_content(case, None).narrative == "narrative words"
    assert [m.body for m in reads.read_messages(case, None)] == [
        "raiser message words",
        "champion message words",
    ]
    (note,) = reads.read_notes(case, None)
    assert (note.body, note.earlier) == ("edited note words", ["note words"])
    assert [s.reopen_reason for s in aftercare.read_closures(case, None)] == ["reopen words", ""]
    (action,) = actions.read_actions(case, None)
    assert [u.note for u in action.updates] == ["progress words"]
    # The old ciphertext opens no more, even put back where it was.
    for (table, column, pk), old in old_blobs.items():
        field, _, row = after[table, column, pk]
        with pytest.raises(crypto.DecryptionFailed):
            crypto.unseal(case.code, field, old, row)
    assert "did not open the old way" not in caplog.text


def test_running_the_upgrade_again_changes_nothing(make_user, network) -> None:
    case, _ = case_with_every_sealed_field(make_user, network)
    before = stored(case)
    upgrade()
    assert stored(case) == before


def test_a_value_altered_before_the_upgrade_is_left_to_fail_loudly(
    make_user, network, caplog
) -> None:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    case = create.create_case(create.NewConcern(network=network, narrative="kept"))
    first = messages.send_message(case, "first", from_raiser=True, author=None)
    second = messages.send_message(case, "second", from_raiser=False, author=lead)
    old_first = seal_the_old_way(case.code, case_sealed.MESSAGE, "first")
    altered = bytearray(seal_the_old_way(case.code, case_sealed.MESSAGE, "second"))
    altered[-1] ^= 1
    type(first).objects.filter(pk=first.pk).update(body=old_first)
    type(second).objects.filter(pk=second.pk).update(body=bytes(altered))

    upgrade()

    second.refresh_from_db()
    assert bytes(second.body) == bytes(altered)
    assert "cases.Message: 1 sealed values did not open the old way" in caplog.text
    first.refresh_from_db()
    assert (
        crypto.unseal(
            case.code, case_sealed.MESSAGE, bytes(first.body), case_sealed.message_row(first)
        )
        == "first"
    )
