"""What the service promises a raiser about who sees what, written once and tied to the policy.

Every page that tells a raiser who will see their concern or their name takes its words from
here: the start page, the home page, the "about you" and "who may see it" questions. Each row
also says, in the policy's own terms, how far its words reach, and
safespace/public/tests/test_promises.py asks `policy.can` about every row, so that the words
and the rules cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Reach(StrEnum):
    """Which cases a role may open, as the words promise it."""

    NEVER = "never"
    ASSIGNED = "only the cases assigned to them"
    NETWORK = "every case of their own network, once it is not held"
    IF_SHARED = "only if the raiser agreed to share it with them"
    IF_NAMED = "only if the raiser agreed to share it with their name"


@dataclass(frozen=True)
class Seen:
    who: StrOrPromise
    sees: StrOrPromise
    never: StrOrPromise
    # The staff role the row speaks of (None: the raiser, or a description of many roles).
    role: Role | None = None
    # What the words promise about the concern itself and about the raiser's name.
    concern: Reach = Reach.NEVER
    name: Reach = Reach.NEVER


WHO_SEES_WHAT: tuple[Seen, ...] = (
    Seen(
        _("You"),
        _(
            "Your concern: its stage, messages, meetings and actions, and every time anyone opens it"
        ),
        _("Anyone else's concern"),
    ),
    Seen(
        _("Your champion"),
        _(
            "Everything you tell us, your name if you give it and how to contact you. The lead "
            "champion avoids choosing anyone from your directorate or from the directorates you "
            "name, and records why if they ever have to"
        ),
        _("Concerns they are not working on"),
        Role.CHAMPION,
        concern=Reach.ASSIGNED,
        name=Reach.ASSIGNED,
    ),
    Seen(
        _("Other champions in the network"),
        _(
            "For their monthly review, a one-line summary of each open concern: its reference, "
            "theme, stage, how long it has been open and the hours spent"
        ),
        _("What you told us, or who you are"),
    ),
    Seen(
        _("Lead champion"),
        _(
            "Their network's concerns, with your name if you give it and how to contact you, to "
            "choose a champion for you and to check the work is done"
        ),
        _("Other networks' concerns"),
        Role.LEAD,
        concern=Reach.NETWORK,
        name=Reach.NETWORK,
    ),
    Seen(
        _("Director of Wellbeing"),
        _(
            "Your concern only if you agree, and your name only if you agree to that too; the "
            "meetings and action plans it leads to, and any escalations"
        ),
        _("Your concern, if you do not agree to share it"),
        Role.DIRECTOR,
        concern=Reach.IF_SHARED,
        name=Reach.IF_NAMED,
    ),
    Seen(
        _("The senior manager concerned"),
        _(
            "Only if you agree, and only the meetings they are invited to and the actions they own; "
            "your name only if you agree to that too"
        ),
        _("What you told us, notes, messages and other concerns"),
        Role.MANAGER,
    ),
    Seen(
        _("HR and Inclusion staff"),
        _("Totals only, with small numbers hidden"),
        _("Any single concern"),
        Role.INSIGHT,
    ),
    Seen(
        _("HR systems"),
        _("Nothing: they send records in and are never told of a match"),
        _("Any concern, or that you spoke up"),
        Role.HR,
    ),
    Seen(
        _("The data protection officer"),
        _(
            "A concern you gave your name with, only when you ask them for a copy of it or to erase "
            "it; each time is on your concern's list"
        ),
        _("Concerns raised anonymously"),
        Role.DPO,
    ),
    Seen(
        _("Administrator"),
        _("Settings, people, and lists such as directorates and themes"),
        _("Anything about any concern"),
        Role.ADMIN,
    ),
)

# Beside the question "Do you want to give your name?".
NAME_SEEN_BY = _(
    "Your champion, and the lead champion who chooses them, see your name and how to contact "
    "you. The Director of Wellbeing and the senior manager concerned see your name only if you "
    "agree on a later page."
)

# At the top of the question "Who may see your concern", for someone who gave their name and
# for someone who stays anonymous.
SHARING_NAMED = _(
    "Your champion and the lead champion always see your concern and your name. The Director "
    "of Wellbeing and the senior manager concerned see it only if you say so here, and your "
    "name only if you choose “with my name”. You can change these answers at any time."
)
SHARING_ANONYMOUS = _(
    "Your champion and the lead champion always see your concern. The Director of Wellbeing "
    "and the senior manager concerned see it only if you say so here. You chose to stay "
    "anonymous, so nobody is given your name. You can change these answers at any time."
)
