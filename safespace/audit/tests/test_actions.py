"""Every audit action has a name, and every one about a concern has words its raiser can read."""

from __future__ import annotations

import pytest

from safespace.audit import chain
from safespace.audit.actions import (
    NOT_ABOUT_A_CASE,
    STAGE_NAMES,
    TO_RAISER,
    TO_STAFF,
    AuditAction,
)
from safespace.audit.models import AuditEvent
from safespace.cases.attention import EVENTS, Attention
from safespace.cases.models import Stage
from safespace.cases.services.hold import BY_RAISER, MATCHED
from safespace.champions.models import PIPELINE_NEXT
from safespace.concerns.access import words
from safespace.insights.views import EXPORTS


def test_every_action_about_a_concern_has_words_for_its_raiser() -> None:
    without = [a.value for a in AuditAction if a not in NOT_ABOUT_A_CASE and a not in TO_RAISER]
    assert without == [], f"give these words in safespace/audit/actions.py TO_RAISER: {without}"
    assert all(words(a) != "opened your concern" for a in TO_RAISER)


def test_nothing_outside_a_concern_is_worded_for_a_raiser() -> None:
    assert not NOT_ABOUT_A_CASE & set(TO_RAISER)
    assert set(TO_STAFF) <= set(TO_RAISER)


def test_each_stage_is_named_as_the_case_record_names_it() -> None:
    assert {a.removeprefix("stage."): name for a, name in STAGE_NAMES.items()} == {
        stage.value: stage.label for stage in Stage
    }
    assert words(AuditAction.STAGE_LISTENING) == "moved your concern to “Listening”"


def test_every_action_built_from_a_value_is_named() -> None:
    # The actions written with a value in them: a stage, why a hold was released, where an
    # application went, which attention was seen, which file of figures was downloaded.
    built = [
        *(f"stage.{stage}" for stage in Stage),
        *(f"case.release.{why}" for why in (BY_RAISER, MATCHED)),
        *(f"application.{status}" for after in PIPELINE_NEXT.values() for status in after),
        *(f"attention.acknowledge.{kind}" for kind in Attention),
        *(f"insights.{kind}" for kind in EXPORTS),
        *(f"insights.ftsu.{kind}" for kind in EXPORTS),
    ]
    assert [name for name in built if name not in set(AuditAction)] == []
    assert set(EVENTS.values()) <= set(AuditAction)


@pytest.mark.django_db
def test_an_unnamed_action_is_refused_before_anything_is_written() -> None:
    with pytest.raises(ValueError):
        chain.record(
            actor_code="",
            actor_role="system",
            action="case.peek",  # type: ignore[arg-type]
            object_type="case",
            object_code="a",
        )
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_detail_follows_the_name_it_qualifies() -> None:
    (event,) = chain.record_many(
        actor_code="",
        actor_role="lead",
        action=AuditAction.INSIGHTS_READ,
        object_type="insights",
        object_codes=["n"],
        detail="20260101-20261231",
    )
    assert event.action == "insights.read 20260101-20261231"
    assert AuditAction.of(event.action) is AuditAction.INSIGHTS_READ
