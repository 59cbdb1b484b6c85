from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from safespace.accounts.models import User
from safespace.dev.demo import accounts as demo
from safespace.dev.demo import actions as demo_actions
from safespace.dev.demo import aftercare as demo_aftercare
from safespace.dev.demo import cases as demo_cases
from safespace.dev.demo import champions as demo_champions
from safespace.dev.demo import insights as demo_insights
from safespace.dev.demo import tripwire as demo_tripwire
from safespace.insights import summaries

UNSENT = "safespace.notifications.backends.UnsentEmailBackend"


class Command(BaseCommand):
    help = "Create the fictional demo organisation, people and network. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production: its passwords are public.")
        # The demo's own making would otherwise "email" every demo person dozens of times.
        with override_settings(EMAIL_BACKEND=UNSENT):
            networks = demo.seed()
            network = networks[demo.RACE]
            made = demo_cases.seed(networks)
            demo_champions.seed(network)
            demo_champions.accept_terms_for(
                networks[demo.WOMENS], User.objects.get(email="womens-lead@example.org")
            )
            demo_actions.seed()
            demo_aftercare.seed()
            demo_tripwire.seed()
            demo_insights.seed(network)
            # Some demo history is set by queryset updates, which mark no day for insight.
            summaries.rebuild()
        self.stdout.write(
            f"Demo data ready: {len(networks)} networks, {len(demo.PEOPLE)} people, "
            f"{len(demo_cases.CASES)} concerns ({made} new)."
        )
