from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safespace.audit.chain import verify
from safespace.audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Check the audit chain from the first event to the last; say where it breaks, if it does."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify()
        if broken is not None:
            raise CommandError(f"Broken at event {broken}")
        self.stdout.write(f"OK: {AuditEvent.objects.count()} events, chain intact")
