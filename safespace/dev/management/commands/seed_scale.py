import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safespace.dev.bench.seed import seed


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
        parser.add_argument(
            "--insight-only",
            action="store_true",
            help="Only what the insight figures read, made by PostgreSQL itself (minutes for a "
            "million cases); sealed columns hold a dummy blob and cases have no keys, so the "
            "database serves insight and nothing else (safespace/dev/bench/insight.py).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.monotonic()
        if options["insight_only"]:
            self.insight_only(options["cases"], options["network_slug"], began)
            return

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

    def insight_only(self, cases: int, slug: str, began: float) -> None:
        from safespace.dev.bench.insight import seed_insight

        def progress(done: int, total: int, made: dict[str, int]) -> None:
            rate = done / max(time.monotonic() - began, 1e-9)
            rows = sum(made.values())
            self.stdout.write(
                f"  {done:,} of {total:,} cases, {rows:,} rows ({rate:,.0f} cases a second)"
            )

        made = seed_insight(cases, network_slug=slug, progress=progress)
        listed = ", ".join(f"{value:,} {name}" for name, value in made.items())
        self.stdout.write(f"Made {listed} in {time.monotonic() - began:.1f} s")
