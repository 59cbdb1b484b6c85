"""A demo closing with feedback, and a check-in that reports detriment. All invented."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from safespace.aftercare import services
from safespace.aftercare.models import CheckIn, Closure, Detriment, Outcome
from safespace.cases.models import Case, Stage
from safespace.dev.demo import cases as demo_cases


def seed() -> None:
    case = Case.objects.get(submission=uuid.uuid5(demo_cases.NAMESPACE, "mediation"))
    if Closure.objects.filter(case=case).exists():
        return
    champion = case.assignments.get().champion
    # The demo case sits at "closed" already; close it properly from listening.
    Case.objects.filter(pk=case.pk).update(stage=Stage.LISTENING)
    case.refresh_from_db()
    services.close(
        case,
        champion,
        outcome=Outcome.PARTLY,
        formal_process="",
        summary="Mediation took place with a neutral facilitator. You and your colleague agreed "
        "how to work together; you said some things are still hard. (Fictional.)",
    )
    services.give_feedback(
        case,
        felt_heard=4,
        speak_up_again="maybe",
        anything_else="It helped to have someone from another directorate. (Fictional.)",
    )
    # A month on, the raiser reports a capability process: the tripwire the pilot asked for.
    first = CheckIn.objects.get(case=case, months_after=1)
    CheckIn.objects.filter(pk=first.pk).update(
        due=timezone.localdate() - datetime.timedelta(days=3)
    )
    first.refresh_from_db()
    services.answer_check_in(
        first,
        [Detriment.CAPABILITY],
        "My manager started an informal capability review two weeks after mediation. (Fictional.)",
    )
    # The next check-in is waiting, so the raiser's page shows what it asks.
    CheckIn.objects.filter(case=case, months_after=3).update(
        due=timezone.localdate() - datetime.timedelta(days=1)
    )
