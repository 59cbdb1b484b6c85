"""The demo shows the tripwire at work: a watched raiser, an HR event, an alert."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from safespace.cases.models import Case
from safespace.tripwire.models import Alert, HREvent
from tests.helpers import raiser_client


@pytest.mark.django_db
def test_the_demo_probation_concern_has_an_hr_alert_its_raiser_can_see() -> None:
    call_command("seed_demo")
    call_command("seed_demo")
    alert = Alert.objects.get()
    assert HREvent.objects.count() == 2
    case = Case.objects.get(pk=alert.case_id)
    assert case.hr_watch
    page = raiser_client(case).get("/track/concern/").content.decode()
    assert "Something was recorded by HR since you spoke up: a probation review started" in page
