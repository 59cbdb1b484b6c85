"""A data protection officer, and concerns raised under a name and anonymously."""

from __future__ import annotations

import pytest

from safespace.accounts.models import Role, User
from safespace.cases.models import Case
from safespace.cases.services import assign, create, messages, notes


@pytest.fixture
def officer(make_user, network) -> User:
    return make_user("dpo@example.org", (network, Role.DPO))


@pytest.fixture
def named(make_user, network) -> Case:
    """Raised by Ada Example under her name, worked on by a champion who mentions a manager."""
    case = create.create_case(
        create.NewConcern(
            network=network,
            narrative="Mr Grey laughed when I asked about my grading.",
            raiser_name="Ada Example",
            contact_details="ada.example@council.example or 07700 900123",
        )
    )
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=None)
    messages.send_message(case, "Can we talk on Monday?", from_raiser=True, author=None)
    notes.add_note(case, champion, "Spoke to Mr Grey's manager.", shared_with_raiser=False)
    return case


@pytest.fixture
def anonymous(network) -> Case:
    return create.create_case(
        create.NewConcern(network=network, narrative="Ada Example is not my name here.")
    )
