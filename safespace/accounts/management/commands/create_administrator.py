import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.text import slugify

from safespace.accounts.models import Membership, Network, Role, User


class Command(BaseCommand):
    help = (
        "Create the first administrator (and their network, if new). They set up two-factor "
        "at first sign-in, and can configure everything but read no case."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("full_name")
        parser.add_argument("--network", default="Race Equality Network")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise CommandError(f"{email} already has an account.")
        password = getpass.getpass("Password (at least 12 characters): ")
        if password != getpass.getpass("Password again: "):
            raise CommandError("The passwords did not match. Nothing was created.")
        user = User(email=email, full_name=options["full_name"])
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            network, _ = Network.objects.get_or_create(
                name=options["network"], defaults={"slug": slugify(options["network"])[:60]}
            )
            user.set_password(password)
            user.save()
            Membership.objects.create(user=user, network=network, role=Role.ADMIN)
        self.stdout.write(f"Created administrator {email} for {network.name}.")
