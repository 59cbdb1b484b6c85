from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safespace.audit.chain import check


class Command(BaseCommand):
    help = (
        "Check the audit chain from the first event to the last, and against the key store's "
        "record of how far it reached; say where it breaks, if it does."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = check()
        if verdict.missing:
            raise CommandError(
                f"Broken at event {verdict.broken_at}: {verdict.missing} events are missing from "
                "the end (the key store saw the chain reach further). The newest events were cut, "
                "or an older copy of the database was restored."
            )
        if verdict.broken_at is not None:
            raise CommandError(f"Broken at event {verdict.broken_at}")
        self.stdout.write(f"OK: {verdict.events} events, chain intact")
