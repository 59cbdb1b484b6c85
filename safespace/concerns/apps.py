from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "safespace.concerns"
    label = "concerns"
    verbose_name = "Raising concerns"

    def ready(self) -> None:
        # A network's start page is /raise/<its slug>/, beside the form's own pages: keep
        # administrators from naming a network after one of them.
        from safespace.accounts.models import Network
        from safespace.concerns.steps import BY_SLUG

        Network.reserved_slugs.update(BY_SLUG, {"check-your-answers", "confirmation", "forget"})
