"""Import HR events from a CSV file: the good rows are kept, the bad ones listed by line."""

from safespace.lib.csvfile import ImportCommand
from safespace.tripwire.importer import CSV


class Command(ImportCommand):
    importer = CSV
    help = (
        "Import HR events for the retaliation tripwire from a CSV file (columns: "
        + ", ".join(CSV.columns)
        + "). Good rows are imported; each bad row is listed. Says nothing of any match."
    )
