from django.apps import AppConfig

from safespace.cases import signals


class TripwireConfig(AppConfig):
    name = "safespace.tripwire"
    label = "tripwire"
    verbose_name = "Retaliation tripwire"

    def ready(self) -> None:
        # Cases are below the tripwire, so a released concern reaches it by signal.
        from safespace.tripwire import services

        signals.released.connect(services.look_back_on_release, dispatch_uid="tripwire")
        signals.shredded.connect(services.forget_shredded, dispatch_uid="tripwire")

        from safespace.cases import attention
        from safespace.cases.models import Attention
        from safespace.tripwire.models import Alert

        # Every HR alert flags its case, to those who may read HR alerts.
        attention.record_in(Attention.HR_ALERT, Alert.objects.all, "created")
