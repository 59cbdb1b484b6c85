from typing import Any

from django.core.management.base import BaseCommand

from safespace.lib import crypto


class Command(BaseCommand):
    help = (
        "Re-wrap every case key under the first key in SAFESPACE_MASTER_KEY. "
        "Case content is not touched."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = crypto.rotate_master_key()
        self.stdout.write(f"Re-wrapped {count} case keys under key {crypto.keyring().current}")
