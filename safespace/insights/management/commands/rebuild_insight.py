"""Count every insight tally afresh from the rows, or check them (safespace/insights/summaries.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safespace.accounts.models import Network
from safespace.insights import summaries


class Command(BaseCommand):
    help = (
        "Count the insight figures' summary afresh from every row. Run it once after upgrading "
        "to a version that keeps the summary, and after changing rows without the service "
        "(SQL by hand, a restore of one table). With --check, change nothing: list every "
        "tally that differs from its rows, and fail if any does."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the summary with the rows; change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            ids = list(Network.objects.values_list("pk", flat=True))
            found = summaries.differences(ids)
            for line in found:
                self.stdout.write(line)
            if found:
                raise CommandError(
                    f"{len(found)} tallies differ from their rows: run rebuild_insight."
                )
            self.stdout.write("Every tally matches its rows.")
            return
        tallies = summaries.rebuild()
        self.stdout.write(f"Counted {tallies} tallies from the rows.")
