from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safespace.accounts import demo
from safespace.cases import demo as demo_cases


class Command(BaseCommand):
    help = "Create the fictional demo organisation, people and network. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production: its passwords are public.")
        network = demo.seed()
        made = demo_cases.seed(network)
        self.stdout.write(
            f"Demo data ready: {network.name}, {len(demo.PEOPLE)} people, "
            f"{len(demo_cases.CASES)} concerns ({made} new)."
        )
