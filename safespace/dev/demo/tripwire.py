"""A demo raiser who asked to be watched, and an HR event that trips the alert. All invented."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from safespace.accounts.models import User
from safespace.cases.models import Case
from safespace.dev.demo import cases as demo_cases
from safespace.tripwire import importer, keys, services
from safespace.tripwire.models import Alert

# The probation concern's raiser gave this (fictional) employee number when they raised it.
EMPLOYEE_NUMBER = "E-10457"


def seed() -> None:
    case = Case.objects.get(submission=uuid.uuid5(demo_cases.NAMESPACE, "probation"))
    if Alert.objects.filter(case=case).exists():
        return
    Case.objects.filter(pk=case.pk).update(
        hr_watch=True, hr_watch_key=keys.watch_key(EMPLOYEE_NUMBER)
    )
    started = timezone.localdate() - datetime.timedelta(days=5)
    rows = [
        importer.Good(keys.watch_key(EMPLOYEE_NUMBER), "probation_review", started),
        # Someone who never spoke up: HR's import looks the same either way.
        importer.Good(keys.watch_key("E-20931"), "disciplinary", started),
    ]
    batch = importer.save(rows, User.objects.filter(email="hr@example.org").first())
    # The worker would do this; the demo should show the alert straight away.
    services.match_import(batch)
