from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from safespace.concerns.models import Draft


@pytest.mark.django_db
def test_it_deletes_drafts_idle_longer_than_a_session_and_keeps_the_rest(capsys) -> None:
    Draft.objects.create(sealed=b"old", updated=timezone.now() - timedelta(minutes=31))
    recent = Draft.objects.create(sealed=b"new", updated=timezone.now() - timedelta(minutes=20))
    call_command("prune_drafts")
    assert list(Draft.objects.all()) == [recent]
    assert "Deleted 1 abandoned drafts" in capsys.readouterr().out
