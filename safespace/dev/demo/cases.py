"""Eleven fictional concerns across the stages: eight echoing the Race Equality Network's
pilot, three for the Women's Network.

Everything here is invented. Each demo case has a fixed submission id so that seeding twice
changes nothing, and a published receipt code and passphrase so the raiser's view can be tried.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from safespace.accounts.models import Directorate, Network, User
from safespace.cases.models import Case, ContactMethod, Sharing, Stage, Want
from safespace.cases.services import assign, create
from safespace.cases.services import stages as case_stages
from safespace.dev.demo.accounts import RACE, WOMENS
from safespace.directory.models import StaffMember

NAMESPACE = uuid.UUID("5a1e5ace-0000-4000-8000-000000000000")


@dataclass(frozen=True)
class DemoCase:
    slug: str
    theme: str
    narrative: str
    want: str
    stage: str
    champion: str | None
    share_with_director: str = Sharing.NONE
    receipt: str = ""
    days_ago: int = 3
    # The work email of the person in the demo staff directory the raiser named, if any.
    names: str = ""
    passphrase: str = "demo passphrase for practice"  # noqa: S105 (published demo; production refuses demo data)
    # The slug of the network it was raised with.
    network: str = RACE
    # The name the raiser gave, if they gave one: the data protection officer finds it by name.
    raiser_name: str = ""


# Where each demo concern happened, so the insight figures by directorate have something to show.
DIRECTORATES = {
    "pay": "Resources",
    "banter": "Place",
    "dress-code": "Adults and Health",
    "probation": "Children's Services",
    "hr-process": "Resources",
    "not-listening": "Housing",
    "mediation": "Place",
    "held": "Housing",
    "womens-pay": "Resources",
    "womens-flexible": "Children's Services",
    "womens-harassment": "Place",
}

CASES = [
    DemoCase(
        "pay",
        "Pay",
        "I found out that two colleagues who started after me, doing the same job, are on a "
        "higher grade. When I asked, I was told it was 'historical'. I am the only Black member "
        "of the team.",
        Want.MEETING,
        Stage.NEW,
        None,
        receipt="DEM0PAY0CASE0001",
        days_ago=1,
    ),
    DemoCase(
        "banter",
        'Inappropriate "banter"',
        "People in my office keep making 'jokes' about my accent and call me by a nickname I "
        "have asked them not to use. My manager laughs along.",
        Want.INFORMAL,
        Stage.ASSIGNED,
        "champion3@example.org",
        Sharing.ANONYMOUS,
        receipt="DEM0BANTER000002",
        days_ago=9,
        raiser_name="Joy Adebayo",
    ),
    DemoCase(
        "dress-code",
        "Dress codes",
        "I was told my headscarf was 'not professional' for front-desk work, although nothing "
        "in the dress code says so.",
        Want.HEARD,
        Stage.LISTENING,
        "champion1@example.org",
        receipt="DEM0DRESS0000003",
        days_ago=16,
    ),
    DemoCase(
        "probation",
        "Probation",
        "My probation was extended twice without clear reasons, while white colleagues who "
        "started with me passed theirs.",
        Want.MEETING,
        Stage.DECIDING,
        "champion5@example.org",
        Sharing.NAMED,
        receipt="DEM0PR0BAT10N004",
        days_ago=30,
    ),
    DemoCase(
        "hr-process",
        "Bias in HR processes",
        "When I raised a concern about my manager, HR spoke only to her and closed it without "
        "speaking to me or my witnesses.",
        Want.MEETING,
        Stage.MEETING,
        "champion2@example.org",
        Sharing.NAMED,
        receipt="DEM0HRPR0CESS005",
        days_ago=47,
    ),
    DemoCase(
        "not-listening",
        "Managers not listening",
        "I have raised the way work is handed out in my team three times; each time my manager "
        "said she would look into it and nothing happened.",
        Want.NOT_SURE,
        Stage.ACTION_PLAN,
        "champion6@example.org",
        Sharing.ANONYMOUS,
        receipt="DEM0N0T11STEN006",
        days_ago=71,
    ),
    DemoCase(
        "mediation",
        "Mediation",
        "A long disagreement with a colleague has become personal. I would like to try "
        "mediation with someone neutral present.",
        Want.MEDIATION,
        Stage.CLOSED,
        "champion4@example.org",
        receipt="DEM0MED1AT10N007",
        days_ago=120,
    ),
    DemoCase(
        "held",
        "Managers not listening",
        "My team leader shouts at me in front of others and gives me the jobs nobody wants. "
        "I do not want to be the only one saying so: please hold this until someone else "
        "raises him too.",
        Want.MEETING,
        Stage.HELD,
        None,
        receipt="DEM0HE1DCASE0008",
        days_ago=20,
        names="martin.keane@example.org",
    ),
    # The Women's Network's own concerns: its lead and champions see these, and nobody in the
    # Race Equality Network ever does.
    DemoCase(
        "womens-pay",
        "Pay",
        "After my maternity leave my acting-up allowance was stopped, although I came back to "
        "the same duties. A male colleague who covered for me still receives his.",
        Want.MEETING,
        Stage.NEW,
        None,
        receipt="DEM0WNPAY0000009",
        days_ago=2,
        network=WOMENS,
    ),
    DemoCase(
        "womens-flexible",
        "Flexible working",
        "My request to work compressed hours was turned down in one line, while two men in my "
        "team were given the same pattern last year.",
        Want.HEARD,
        Stage.LISTENING,
        "womens-champion1@example.org",
        receipt="DEM0WNF1EX000010",
        days_ago=12,
        network=WOMENS,
    ),
    DemoCase(
        "womens-harassment",
        "Sexual harassment",
        "A senior colleague keeps commenting on what I wear and stands too close in the lift. "
        "I want it to stop, without it following me around the department.",
        Want.MEETING,
        Stage.DECIDING,
        "womens-champion2@example.org",
        Sharing.NAMED,
        receipt="DEM0WNHARASS0011",
        days_ago=26,
        network=WOMENS,
    ),
]

# A few people of the (fictional) staff directory, so that naming someone can be tried:
# (employee number, full name, work email, directorate, service).
STAFF = [
    ("E-30118", "Martin Keane", "martin.keane@example.org", "Housing", "Repairs"),
    ("E-30562", "Joan Adebayo", "joan.adebayo@example.org", "Place", "Parks"),
    ("E-31007", "Rhys Morgan", "rhys.morgan@example.org", "Resources", "Payroll"),
]


def seed_staff() -> None:
    for number, full_name, email, directorate, service in STAFF:
        StaffMember.objects.get_or_create(
            employee_number=number,
            defaults={
                "full_name": full_name,
                "email": email,
                "directorate": Directorate.objects.get(name=directorate),
                "service": service,
            },
        )


def seed(networks: dict[str, Network]) -> int:
    """Create the demo cases that do not exist yet, each in its network (by slug); return how
    many were made."""
    seed_staff()
    made = 0
    for demo in CASES:
        network = networks[demo.network]
        submission = uuid.uuid5(NAMESPACE, demo.slug)
        if Case.objects.filter(submission=submission).exists():
            continue
        case = create.create_case(
            create.NewConcern(
                network=network,
                narrative=demo.narrative,
                raiser_name=demo.raiser_name,
                themes=network.themes.filter(name=demo.theme),
                want=demo.want,
                contact_method=ContactMethod.SERVICE,
                share_with_director=demo.share_with_director,
                receipt=demo.receipt,
                passphrase=demo.passphrase,
                submission=submission,
                named_staff=(StaffMember.objects.get(email=demo.names).pk if demo.names else None),
                directorates_concerned=Directorate.objects.filter(
                    name=DIRECTORATES.get(demo.slug, "")
                ),
                hold=demo.stage == Stage.HELD,
            )
        )
        if demo.champion:
            champion = User.objects.get(email=demo.champion)
            assign.assign_champion(case, champion, actor=None)
        # Spread the demo over recent months, as a real clinic's list would be.
        raised = timezone.now() - timedelta(days=demo.days_ago)
        Case.objects.filter(pk=case.pk).update(
            stage=demo.stage,
            created=raised,
            updated=raised,
            first_contact_due=(
                None
                if demo.stage == Stage.HELD
                else case_stages.first_contact_due(raised, case.network)
            ),
        )
        made += 1
    return made
