from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from safespace.notifications.mail import recipient_keys
from safespace.notifications.models import SentEmail


class Command(BaseCommand):
    help = (
        "List the emails sent to one address: which template and when, never what they said "
        "(addresses are kept only as a keyed hash, so you must know the address to ask)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address")

    def handle(self, *args: Any, **options: Any) -> None:
        keys = recipient_keys(options["address"])
        sent = list(SentEmail.objects.filter(recipient__in=keys))
        for email in sent:
            self.stdout.write(f"{timezone.localtime(email.sent):%Y-%m-%d %H:%M}  {email.template}")
        self.stdout.write(f"{len(sent)} emails sent to that address")
