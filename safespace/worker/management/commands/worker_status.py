from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.timesince import timesince

from safespace.worker import health


class Command(BaseCommand):
    help = (
        "Show how the background work stands: the oldest waiting task, tasks running too long, "
        "failures in the last day and each scheduled job's last run. Exits 1 when a task has "
        "waited longer than --late minutes (for monitoring)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--late", type=int, default=10, help="Minutes (default 10).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        status = health.status(now)
        if status.oldest_waiting is None:
            self.stdout.write("Waiting tasks: none.")
        else:
            self.stdout.write(
                f"Waiting tasks: {status.waiting}; the oldest has waited "
                f"{timesince(status.oldest_waiting, now)}."
            )
        self.stdout.write(f"Running: {status.running} ({status.stale} running too long).")
        self.stdout.write(f"Failed in the last day: {status.failed_today}.")
        for job, queued in status.last_runs.items():
            when = f"{timesince(queued, now)} ago" if queued else "never"
            self.stdout.write(f"Scheduled job {job!r}: last queued {when}.")
        if status.is_late(now, minutes=options["late"]):
            self.stderr.write(
                f"A task has waited more than {options['late']} minutes: is the worker running?"
            )
            raise SystemExit(1)
