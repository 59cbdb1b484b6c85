from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "safespace.actions"
    label = "actions"

    def ready(self) -> None:
        from safespace.actions.models import Action
        from safespace.cases import attention
        from safespace.cases.models import Attention

        # A disputed action flags its case; confirming it done clears the dispute, and
        # disputing it again sets a new time.
        attention.record_in(
            Attention.DISPUTE,
            lambda: Action.objects.filter(disputed_at__isnull=False),
            "disputed_at",
        )

        from safespace.actions import services
        from safespace.cases import signals

        signals.shredded.connect(services.forget_shredded, dispatch_uid="actions")
