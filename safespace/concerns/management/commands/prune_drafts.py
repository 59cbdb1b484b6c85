from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from safespace.concerns.drafts import LIFETIME
from safespace.concerns.models import Draft


class Command(BaseCommand):
    help = "Delete unfinished concerns left idle longer than a session (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted, _ = Draft.objects.filter(updated__lt=timezone.now() - LIFETIME).delete()
        self.stdout.write(f"Deleted {deleted} abandoned drafts")
