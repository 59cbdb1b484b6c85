from typing import Any

from django.core.management.base import BaseCommand

from safespace.concerns import drafts


class Command(BaseCommand):
    help = (
        "Delete unfinished concerns left idle longer than a session. The worker does this every "
        "hour by itself; this runs it now."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {drafts.prune()} abandoned drafts")
