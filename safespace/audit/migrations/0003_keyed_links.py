"""Re-link the existing chain under the audit key (HMAC), in order, so it verifies as keyed.

The append-only triggers are lifted for this one pass and put back at once.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from safespace.audit import chain, triggers

BATCH = 2000


def rekey(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    connection = schema_editor.connection
    if not AuditEvent.objects.using(connection.alias).exists():
        return
    triggers.remove(connection)
    prev_hash = chain.GENESIS
    pending = []
    for event in AuditEvent.objects.using(connection.alias).order_by("seq").iterator(BATCH):
        fields = {name: getattr(event, name) for name in chain.FIELDS}
        event.prev_hash, event.hash = prev_hash, chain.link(prev_hash, fields)
        prev_hash = event.hash
        pending.append(event)
        if len(pending) >= BATCH:
            AuditEvent.objects.using(connection.alias).bulk_update(pending, ["prev_hash", "hash"])
            pending = []
    AuditEvent.objects.using(connection.alias).bulk_update(pending, ["prev_hash", "hash"])
    AuditHead.objects.using(connection.alias).filter(pk=chain.HEAD_ID).update(hash=prev_hash)
    triggers.install(connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
