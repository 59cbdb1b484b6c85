"""Backups restored the way docs/operations.md says, and what they bring back.

Each test backs up the test databases with the tools the guide names (pg_dump in its custom
format and pg_restore on the PostgreSQL pass; SQLite's online backup, which `sqlite3 .backup`
uses, on the SQLite pass) and restores them over the live databases, as an operator would.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.test import Client

from safespace.accounts.models import Network, Role, User
from safespace.cases.models import Case
from safespace.cases.services import create, lookup, shred
from safespace.cases.services.sealed import NARRATIVE, case_row
from safespace.keystore import crypto
from safespace.tripwire import keys as tripwire_keys
from tests.helpers import sign_in

# Backups are taken of committed data, by another process on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "keys"])

PASSPHRASE = "violet harbour trellis"
NUMBER = "QX-5817-2934"  # fictional
KEPT = ("default", "keys")


def _postgres(alias: str) -> tuple[list[str], dict[str, str]]:
    """The connection options of pg_dump and pg_restore for this database, and their env."""
    db = connections[alias].settings_dict
    options = [f"--host={db['HOST'] or '127.0.0.1'}", f"--port={db['PORT'] or 5432}"]
    if db["USER"]:
        options.append(f"--username={db['USER']}")
    env = dict(os.environ)
    if db["PASSWORD"]:
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return options, env


def back_up(alias: str, path: Path) -> Path:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)
    else:
        options, env = _postgres(alias)
        name = str(connection.settings_dict["NAME"])
        command = ["pg_dump", "--format=custom", f"--file={path}", *options, name]
        subprocess.run(command, env=env, check=True, capture_output=True)
    return path


def restore(alias: str, path: Path) -> None:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as source:
            source.backup(connection.connection)
    else:
        # Nothing of ours may hold a table pg_restore drops and makes again.
        connection.close()
        options, env = _postgres(alias)
        name = str(connection.settings_dict["NAME"])
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={name}",
            *options,
            str(path),
        ]
        subprocess.run(command, env=env, check=True, capture_output=True)


@pytest.fixture(autouse=True)
def put_back_afterwards(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """On SQLite, both databases as they were before the test, put back after it.

    The test leaves audit events and the audit seal behind, which the databases' own triggers
    refuse to delete, so the flush after a test like this one could not empty them. (On
    PostgreSQL that flush truncates, which those triggers do not watch.)"""
    if connections["default"].vendor != "sqlite":
        yield
        return
    before = {alias: back_up(alias, tmp_path / f"{alias}-start.sqlite3") for alias in KEPT}
    yield
    for alias, path in before.items():
        restore(alias, path)


def raise_concern(network: Network, narrative: str, receipt: str = "", number: str = "") -> Case:
    return create.create_case(
        create.NewConcern(
            network=network,
            narrative=narrative,
            receipt=receipt,
            passphrase=PASSPHRASE if receipt else "",
            hr_watch_key=tripwire_keys.watch_key(number) if number else "",
        )
    )


def read_as(lead: User, case: Case) -> str:
    """The lead's page of the case: its narrative if it still opens, else 404."""
    response = sign_in(Client(), lead).get(f"/cases/{case.code}/")
    return response.content.decode() if response.status_code == 200 else "404"


def verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_an_old_case_backup_restored_after_a_shredding_does_not_bring_the_concern_back(
    make_user, network, tmp_path
) -> None:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    kept = raise_concern(network, "Kept: the rota is never fair.")
    gone = raise_concern(
        network, "Shredded: said at the team meeting.", receipt="GONE0000GONE0000", number=NUMBER
    )
    old_cases = back_up("default", tmp_path / "cases-before.dump")
    shred.shred_case(gone, actor=None)

    restore("default", old_cases)

    # The events written since the backup are lost, and the audit check says so.
    with pytest.raises(CommandError, match="older copy of the database was restored"):
        verify_audit()
    # The case database is as it was before the shredding, ciphertext and all...
    back = Case.objects.get(pk=gone.pk)
    assert back.hr_watch and back.narrative
    # ...but the current key store has no key for it: nothing of it opens.
    with pytest.raises(crypto.KeyDestroyed):
        crypto.unseal(back.code, NARRATIVE, bytes(back.narrative), case_row(back))
    assert read_as(lead, back) == "404"
    assert "Kept: the rota is never fair." in read_as(lead, kept)

    out = StringIO()
    call_command("reapply_shreds", stdout=out)

    assert "Destroyed again 0 case keys" in out.getvalue()
    assert "Shredded again 1 concerns" in out.getvalue()
    back.refresh_from_db()
    assert not back.hr_watch and not back.hr_watch_key
    assert lookup.find_by_receipt("GONE0000GONE0000", PASSPHRASE) is None
    # Run again, it finds nothing left to do.
    out = StringIO()
    call_command("reapply_shreds", stdout=out)
    assert "Shredded again 0 concerns" in out.getvalue()
    assert "Kept: the rota is never fair." in read_as(lead, kept)


def test_both_backups_restored_together_read_every_concern_and_verify(
    make_user, network, tmp_path
) -> None:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    first = raise_concern(network, "First: passed over for the acting-up role.")
    second = raise_concern(network, "Second: my name is mispronounced on purpose.")
    gone = raise_concern(network, "Shredded: the dress code is applied to me only.")
    shred.shred_case(gone, actor=None)
    assert "First: passed over" in read_as(lead, first)
    cases = back_up("default", tmp_path / "cases.dump")
    keys = back_up("keys", tmp_path / "keys.dump")
    # The service goes on after the backups: a new concern, read.
    later = raise_concern(network, "Later: raised after the backups.")
    assert "Later: raised after the backups." in read_as(lead, later)

    restore("default", cases)
    restore("keys", keys)

    assert "OK:" in verify_audit()
    assert "First: passed over for the acting-up role." in read_as(lead, first)
    assert "Second: my name is mispronounced on purpose." in read_as(lead, second)
    # Shredded before the backups, it stays shredded; raised after them, it is gone.
    assert read_as(lead, gone) == "404"
    assert not Case.objects.filter(pk=later.pk).exists()
    out = StringIO()
    call_command("reapply_shreds", stdout=out)
    assert "Destroyed again 0 case keys" in out.getvalue()
    assert "Shredded again 0 concerns" in out.getvalue()
    assert "OK:" in verify_audit()


def test_an_old_key_store_backup_opens_a_shredded_concern_until_shreds_are_reapplied(
    make_user, network, tmp_path
) -> None:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    kept = raise_concern(network, "Kept: the rota is never fair.")
    gone = raise_concern(network, "Shredded: said at the team meeting.")
    old_keys = back_up("keys", tmp_path / "keys-before.dump")
    shred.shred_case(gone, actor=None)
    later = raise_concern(network, "Later: raised after the key store's backup.")

    restore("keys", old_keys)

    # The old key store opens the shredded concern again, and has no key for the later one.
    assert "Shredded: said at the team meeting." in read_as(lead, gone)
    assert read_as(lead, later) == "404"
    out = StringIO()
    call_command("reapply_shreds", stdout=out)

    assert "Destroyed again 1 case keys" in out.getvalue()
    assert "Shredded again 1 concerns" in out.getvalue()
    assert read_as(lead, gone) == "404"
    assert "Kept: the rota is never fair." in read_as(lead, kept)
    assert "OK:" in verify_audit()
