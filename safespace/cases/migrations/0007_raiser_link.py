"""Link each named concern to its raiser's account by a keyed HMAC (safespace/cases/raisers.py).

This step adds the link and fills it from the account each case points at; the next one drops
the plain foreign key, in its own transaction (PostgreSQL will not alter a table it has just
updated rows of in the same one).
"""

from typing import Any

from django.db import migrations, models

from safespace.cases.raisers import link_for


def convert(apps: Any, schema_editor: Any) -> None:
    cases = apps.get_model("cases", "Case")
    linked = cases.objects.filter(raiser__isnull=False).values_list("pk", "raiser__code")
    for pk, account_code in linked.iterator():
        cases.objects.filter(pk=pk).update(raiser_link=link_for(account_code))


def restore(apps: Any, schema_editor: Any) -> None:
    """Going back, each link is matched to the account that makes it."""
    cases = apps.get_model("cases", "Case")
    accounts = apps.get_model("accounts", "User")
    by_link = {link_for(code): pk for pk, code in accounts.objects.values_list("pk", "code")}
    for pk, link in cases.objects.exclude(raiser_link="").values_list("pk", "raiser_link"):
        cases.objects.filter(pk=pk).update(raiser_id=by_link.get(link))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_sent_form"),
        ("cases", "0006_held"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="raiser_link",
            field=models.CharField(blank=True, db_default="", default="", max_length=64),
        ),
        migrations.RunPython(convert, restore),
    ]
