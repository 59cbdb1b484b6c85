import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safespace.bench.seed import seed


class Command(BaseCommand):
    help = (
        "Fill the database with N realistic, fictional cases and their casework, in bulk, "
        "for measuring the service at scale. Never in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="How many cases to make.")
        parser.add_argument("--network-slug", default="race-equality")
        parser.add_argument("--batch", type=int, default=1000, help="Cases per transaction.")
        parser.add_argument(
            "--receipts",
            type=int,
            default=0,
            help="How many open anonymous cases get working receipts (Argon2id: slow).",
        )
        parser.add_argument(
            "--receipts-out", help="Write the working receipts to this JSON file (for the bench)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.monotonic()

        def progress(done: int, total: int) -> None:
            rate = done / max(time.monotonic() - began, 1e-9)
            self.stdout.write(f"  {done:,} of {total:,} cases ({rate:,.0f} a second)")

        counts = seed(
            options["cases"],
            network_slug=options["network_slug"],
            batch=options["batch"],
            working_receipts=options["receipts"],
            progress=progress,
        )
        if options["receipts_out"]:
            Path(options["receipts_out"]).write_text(json.dumps(counts.receipts, indent=1))
        made = ", ".join(
            f"{value:,} {name.replace('_', ' ')}" for name, value in counts.summary().items()
        )
        self.stdout.write(f"Made {made} in {time.monotonic() - began:.1f} s")
