"""Import HR events from a CSV file: the good rows are kept, the bad ones listed by line."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safespace.lib.csvfile import read_for_command
from safespace.tripwire import importer


class Command(BaseCommand):
    help = (
        "Import HR events for the retaliation tripwire from a CSV file (columns: "
        + ", ".join(importer.COLUMNS)
        + "). Good rows are imported; each bad row is listed. Says nothing of any match."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="the CSV file, saved as UTF-8")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        text = read_for_command(path)
        result = importer.import_csv(text)
        for problem in result.problems:
            self.stderr.write(problem)
        if result.problems and not result.accepted:
            raise CommandError(importer.summary(result))
        self.stdout.write(importer.summary(result))
