from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safespace.actions.tasks import send_daily_digests


class Command(BaseCommand):
    help = (
        "Queue today's reminder and escalation digests for the worker (manage.py worker). "
        "The worker queues them itself every morning; a second run the same day sends nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send them from this process instead of queueing them for the worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            sent = send_daily_digests.call()
            self.stdout.write(f"Sent {sent} daily digests")
        else:
            result = send_daily_digests.enqueue()
            self.stdout.write(f"Queued today's digests for the worker (task {result.id})")
