"""The database refuses UPDATE and DELETE on the officer's searches and erasures."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from safespace.dataprotection.triggers import GUARDS


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for guard in GUARDS:
        guard.install(schema_editor.connection)


def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for guard in GUARDS:
        guard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
