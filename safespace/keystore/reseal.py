"""Seal again, bound to its row, every value sealed when only the case and field were named.

The data migrations that bind sealed columns to their rows (one per app holding them) list
their columns here. Each value is opened the old way (safespace.keystore.crypto.reseal_legacy) and
sealed the new way, in batches, with the batch's case keys unwrapped at once. It is safe to run
twice: a value already bound to its row is left as it is. A value that does not open the old
way either (altered, or its case shredded) is left too: it never opened honestly, and will not
now, so reading it fails as loudly as it would have.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from safespace.keystore import crypto

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass(frozen=True)
class Column:
    name: str
    field: str
    # The field name it was sealed under before, where that differs (a note's earlier
    # versions were copies of the note's own ciphertext).
    legacy_field: str = ""


@dataclass(frozen=True)
class Sealed:
    model: str  # "app_label.Model"
    case_code: str  # the lookup from this model to its case's code
    row_values: tuple[str, ...]  # what the row is bound to is made from these
    row: Callable[[dict[str, Any]], crypto.Row]
    columns: tuple[Column, ...]


def by_code(values: dict[str, Any]) -> crypto.Row:
    return (values["code"],)


def by_key(values: dict[str, Any]) -> crypto.Row:
    return (values["pk"],)


def reseal(
    apps: StateApps, schema_editor: BaseDatabaseSchemaEditor, tables: Iterable[Sealed]
) -> None:
    alias = schema_editor.connection.alias
    for table in tables:
        model = apps.get_model(table.model)
        columns = [c.name for c in table.columns]
        rows = model.objects.using(alias).order_by("pk")
        names = ["pk", table.case_code, *table.row_values, *columns]
        left = 0
        last = None
        while True:
            page = rows if last is None else rows.filter(pk__gt=last)
            batch = list(page.values(*dict.fromkeys(names))[:BATCH])
            if not batch:
                break
            last = batch[-1]["pk"]
            changed = []
            with crypto.case_keys({v[table.case_code] for v in batch}):
                for values in batch:
                    new, failed = _reseal_row(table, values)
                    left += failed
                    if new:
                        changed.append(model(pk=values["pk"], **{**_blobs(values, columns), **new}))
            if changed:
                model.objects.using(alias).bulk_update(changed, columns)
        if left:
            logger.warning(
                "%s: %d sealed values did not open the old way and were left as they are",
                table.model,
                left,
            )


def _blobs(values: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    return {c: None if values[c] is None else bytes(values[c]) for c in columns}


def _reseal_row(table: Sealed, values: dict[str, Any]) -> tuple[dict[str, bytes], int]:
    case_code: uuid.UUID = values[table.case_code]
    row = table.row(values)
    new: dict[str, bytes] = {}
    failed = 0
    for column in table.columns:
        blob = values[column.name]
        if blob is None:
            continue
        try:
            sealed = crypto.reseal_legacy(
                case_code, column.field, bytes(blob), row, legacy_field=column.legacy_field
            )
        except crypto.KeyDestroyed:
            continue  # shredded: nothing opens it, before or after
        except crypto.DecryptionFailed:
            failed += 1
            continue
        if sealed is not None:
            new[column.name] = sealed
    return new, failed
