import base64
import secrets
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Print a new master key for SAFESPACE_MASTER_KEY ('id:base64'). Nothing is stored."

    def handle(self, *args: Any, **options: Any) -> None:
        key_id = "k" + timezone.now().strftime("%Y%m%d")
        self.stdout.write(f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}")
