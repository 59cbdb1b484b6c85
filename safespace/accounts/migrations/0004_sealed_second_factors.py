"""Second factors kept so a dump holds none: TOTP secrets sealed, backup codes hashed."""

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from safespace.accounts import factors


def seal_existing(apps: Any, schema_editor: Any) -> None:
    """Seal every plain TOTP secret and hash every plain backup code already stored."""
    devices = apps.get_model("otp_totp", "TOTPDevice")
    for pk, user_id, key in devices.objects.values_list("pk", "user_id", "key").iterator():
        if not factors.is_sealed(key):
            devices.objects.filter(pk=pk).update(key=factors.sealed_hex_key(key, user_id))
    tokens = apps.get_model("otp_static", "StaticToken")
    for pk, token in tokens.objects.values_list("pk", "token").iterator():
        if not factors.is_hashed_backup_code(token):
            tokens.objects.filter(pk=pk).update(token=factors.hash_backup_code(token))


def open_existing(apps: Any, schema_editor: Any) -> None:
    """Going back, the secrets are opened again; hashed backup codes cannot be, so they go."""
    devices = apps.get_model("otp_totp", "TOTPDevice")
    for pk, user_id, key in devices.objects.values_list("pk", "user_id", "key").iterator():
        if factors.is_sealed(key):
            plain = factors.open_secret(key, user_id).hex()
            devices.objects.filter(pk=pk).update(key=plain)
    apps.get_model("otp_static", "StaticToken").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_sent_form"),
        ("otp_static", "0003_add_timestamps"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="Authenticator",
            fields=[],
            options={
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("otp_totp.totpdevice",),
        ),
        migrations.CreateModel(
            name="BackupCodes",
            fields=[],
            options={
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("otp_static.staticdevice",),
        ),
        migrations.CreateModel(
            name="EnrolmentCode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code_hash", models.CharField(max_length=64)),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires", models.DateTimeField()),
                ("tries", models.PositiveSmallIntegerField(default=0)),
                ("used", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="enrolment_codes",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["user", "created"], name="enrolmentcode_user_created")
                ],
            },
        ),
        migrations.RunPython(seal_existing, open_existing),
    ]
