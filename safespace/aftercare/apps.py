from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "safespace.aftercare"
    label = "aftercare"
    verbose_name = "After a concern closes"

    def ready(self) -> None:
        from safespace.aftercare.models import CheckIn, Closure
        from safespace.cases import attention
        from safespace.cases.models import Attention

        # An answered check-in that says anything happened is a detriment report.
        attention.record_in(
            Attention.DETRIMENT,
            lambda: CheckIn.objects.filter(answered_at__isnull=False).exclude(happened=[]),
            "answered_at",
        )

        from safespace.aftercare import services
        from safespace.cases import signals
        from safespace.cases import views as case_views

        signals.shredded.connect(services.forget_shredded, dispatch_uid="aftercare")

        # Closings and check-ins on the case page, for those doing its casework.
        case_views.CASEWORK["closures"] = case_views.Part(
            services.read_closures, Closure.objects.all
        )
        case_views.CASEWORK["check_ins"] = case_views.Part(
            services.read_check_ins, CheckIn.objects.all
        )
