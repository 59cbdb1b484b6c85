"""In accounts, above the key store: it re-seals what both keep under the master key."""

from typing import Any

from django.core.management.base import BaseCommand

from safespace.accounts.enrolment import reseal_authenticators
from safespace.keystore import crypto


class Command(BaseCommand):
    help = (
        "Re-wrap every case key, and re-seal every authenticator secret, under the first key "
        "in SAFESPACE_MASTER_KEY. Case content is not touched."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = crypto.rotate_master_key()
        sealed = reseal_authenticators()
        current = crypto.keyring().current
        self.stdout.write(f"Re-wrapped {count} case keys under key {current}")
        self.stdout.write(f"Re-sealed {sealed} authenticator secrets under key {current}")
