"""Import the staff directory from a CSV file, all or nothing, from the command line."""

from safespace.directory.importer import CSV
from safespace.lib.csvfile import ImportCommand


class Command(ImportCommand):
    importer = CSV
    help = (
        "Import the staff directory from the HR system's CSV export (columns: "
        + ", ".join(CSV.columns)
        + "). Any problem in the file imports nothing."
    )
