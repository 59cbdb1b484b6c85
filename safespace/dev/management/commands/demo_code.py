from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from safespace.dev.demo.accounts import demo_totp_key


class Command(BaseCommand):
    help = "Print the current two-factor code shared by the demo accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("There are no demo accounts in production.")
        self.stdout.write(f"{totp(bytes.fromhex(demo_totp_key())):06d}")
