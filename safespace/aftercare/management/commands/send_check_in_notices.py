from typing import Any

from django.core.management.base import BaseCommand

from safespace.aftercare.services import send_due_check_in_notices


class Command(BaseCommand):
    help = (
        "Email raisers who chose email (and only them) that a check-in is waiting today. "
        "The email says nothing else. The worker does this every morning; this runs it now, and "
        "tells nobody twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_check_in_notices()
        self.stdout.write(f"Check-in notices sent: {sent}.")
