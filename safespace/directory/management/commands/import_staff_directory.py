"""Import the staff directory from a CSV file, all or nothing, from the command line."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safespace.directory import importer
from safespace.lib.csvfile import read_for_command


class Command(BaseCommand):
    help = (
        "Import the staff directory from the HR system's CSV export (columns: "
        + ", ".join(importer.COLUMNS)
        + "). Any problem in the file imports nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="the CSV file, saved as UTF-8")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        text = read_for_command(path)
        result = importer.import_csv(text)
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            count = len(result.errors)
            raise CommandError(
                f"Nothing was imported: the file has {count} problem{'s' if count != 1 else ''}"
            )
        self.stdout.write(importer.summary(result))
