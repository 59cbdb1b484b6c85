"""A new concern saved with its own key; its story sealed before it touches the database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Directorate, Network, Theme, User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases import patterns
from safespace.cases.models import Case, Channel, ConsentChange, ContactMethod, Sharing, Stage, Want
from safespace.cases.raisers import link_for
from safespace.cases.services.hold import match
from safespace.cases.services.sealed import (
    CONTACT,
    NAME,
    NARRATIVE,
    PEOPLE,
    PREFERENCES,
    RAISER,
    case_row,
)
from safespace.cases.services.stages import first_contact_due, lead_emails
from safespace.keystore import crypto
from safespace.lib import receipts
from safespace.notifications.mail import notify


@dataclass
class NewConcern:
    network: Network
    narrative: str = ""
    contact_method: str = ContactMethod.SERVICE
    contact_details: str = ""
    raiser_name: str = ""
    want: str = Want.NOT_SURE
    preferences: str = ""
    avoid_directorate: Directorate | None = None
    themes: Iterable[Theme] = ()
    directorates_concerned: Iterable[Directorate] = ()
    raiser_directorate: Directorate | None = None
    raiser: User | None = None
    share_with_director: str = Sharing.NONE
    share_with_manager: str = Sharing.NONE
    channel: str = Channel.ONLINE
    receipt: str = ""
    passphrase: str = ""
    submission: uuid.UUID | None = None
    # The keyed hash of the raiser's employee number, if they asked to be watched for an HR
    # process (safespace/tripwire/keys.py); never the number itself.
    hr_watch_key: str = ""
    # Who the raiser said it is about, as found in the staff directory: a person's id, or a
    # team (directorate id, service). Kept only sealed and as keyed hashes (patterns.py).
    named_staff: int | None = None
    # The language the raiser read the form in, for the emails they are sent.
    language: str = ""
    named_team: tuple[int, str] | None = None
    # "Hold my concern until someone else raises the same person": only asked of someone who
    # named a person or team, and kept whether or not the directory found them.
    hold: bool = False

    def raiser_marks(self) -> set[str]:
        marks = set()
        if self.named_staff is not None:
            marks.add(patterns.person_mark(self.named_staff))
        if self.named_team is not None:
            marks.add(patterns.team_mark(*self.named_team))
        return marks


def create_case(concern: NewConcern, actor: User | None = None, actor_role: str = RAISER) -> Case:
    """Save a new concern with its own key; its story is sealed before it touches the database.

    A concern its raiser asked to hold waits, unread, in its own stage, unless someone else's
    concern already names the same person or team. It waits even when the staff directory did
    not know who they named (no marks): being held or not must not tell them whether it did.
    """
    raiser_marks = concern.raiser_marks()
    held = concern.hold
    with transaction.atomic(), transaction.atomic(using="keys"):
        case = Case(
            created=timezone.now(),
            stage=Stage.HELD if held else Stage.NEW,
            network=concern.network,
            raiser_link=link_for(concern.raiser.code) if concern.raiser else "",
            anonymous=not concern.raiser_name and concern.raiser is None,
            raiser_directorate=concern.raiser_directorate,
            share_with_director=concern.share_with_director,
            share_with_manager=concern.share_with_manager,
            channel=concern.channel,
            want=concern.want,
            contact_method=concern.contact_method,
            avoid_directorate=concern.avoid_directorate,
            submission=concern.submission,
            hr_watch=bool(concern.hr_watch_key) and not held,
            hr_watch_key=concern.hr_watch_key,
            language=concern.language,
        )
        # The first-contact clock starts when a lead may see it: for a held concern, on release.
        case.first_contact_due = None if held else first_contact_due(case.created, case.network)
        if concern.receipt:
            case.receipt_lookup = receipts.lookup_key(concern.receipt)
            case.receipt_hash = receipts.slow_hash(concern.receipt)
            case.passphrase_hash = receipts.slow_hash(concern.passphrase)
        crypto.create_case_key(case.code)
        row = case_row(case)
        case.narrative = crypto.seal(case.code, NARRATIVE, concern.narrative, row)
        case.contact_details = crypto.seal(case.code, CONTACT, concern.contact_details, row)
        case.raiser_name = crypto.seal(case.code, NAME, concern.raiser_name, row)
        case.champion_preferences = crypto.seal(case.code, PREFERENCES, concern.preferences, row)
        if concern.named_staff is not None:
            # For the conflict checks, as if the lead had picked them; the lead can change it.
            named = json.dumps([concern.named_staff])
            case.people_named = crypto.seal(case.code, PEOPLE, named, row)
        case.save()
        case.themes.set(list(concern.themes))
        case.directorates_concerned.set(list(concern.directorates_concerned))
        for with_whom, level in (
            (ConsentChange.With.DIRECTOR, concern.share_with_director),
            (ConsentChange.With.MANAGER, concern.share_with_manager),
        ):
            ConsentChange.objects.create(case=case, with_whom=with_whom, level=level)
        audit_case(actor, AuditAction.CASE_CREATE, case, role=actor_role)
        if held:
            audit_case(actor, AuditAction.CASE_HOLD, case, role=actor_role)
        else:
            leads = lead_emails(concern.network.pk)
            transaction.on_commit(lambda: notify(leads, _("A new concern has arrived")))
        if raiser_marks:
            patterns.record_raiser(case, raiser_marks)
            if concern.named_staff is not None:
                patterns.record(case, [concern.named_staff])
            match(case)
    return case
