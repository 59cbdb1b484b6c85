"""Make (or revoke) the bearer token the HR system sends HR events with."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safespace.accounts.models import User
from safespace.policy import Action, token_can
from safespace.tripwire import tokens


class Command(BaseCommand):
    help = (
        "Print a new API token for POST /api/hr-events/, for someone holding the HR import "
        "role. It is shown once and kept only as a hash. --revoke removes their tokens. "
        "Deprecated with that address: make a token for /api/v1/ on the configuration site "
        "(API tokens) instead."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="the account the HR system acts as")
        parser.add_argument("--revoke", action="store_true", help="remove every token they hold")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"Nobody signs in as {options['email']}.")
        if options["revoke"]:
            self.stdout.write(f"Revoked {tokens.revoke(user)} token(s) of {user.email}.")
            return
        if not token_can(user, Action.IMPORT_HR_EVENTS):
            raise CommandError(
                f"{user.email} does not hold the HR import role. Give it to them in the "
                "configuration pages first."
            )
        token = tokens.create(user)
        self.stdout.write(
            f"API token for {user.email} (shown once; store it in the HR system's secrets):"
        )
        self.stdout.write(token)
