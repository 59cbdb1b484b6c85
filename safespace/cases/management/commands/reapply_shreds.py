from typing import Any

from django.core.management.base import BaseCommand

from safespace.cases.services.shred import reapply_shreds


class Command(BaseCommand):
    help = (
        "After restoring either database from a backup: destroy again every case key the audit "
        "trail says was destroyed, and shred again every concern whose key the key store no "
        "longer holds (see docs/operations.md). Safe to run twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = reapply_shreds()
        self.stdout.write(
            f"Destroyed again {done.keys} case keys the audit trail says were destroyed"
        )
        self.stdout.write(
            f"Shredded again {done.cases} concerns the key store had already shredded"
        )
