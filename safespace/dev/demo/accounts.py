"""The fictional organisation `make run` creates, so the service can be tried at once.

Every name here is invented. Demo accounts share one published password and one published
two-factor secret, which is why they are marked `is_demo` and production refuses them.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts.models import Directorate, Membership, Network, Role, Theme, User

DEMO_PASSWORD = "safe-space-demo-2026"  # noqa: S105 (published on purpose; production refuses it)
# Base32, as an authenticator app wants it; the same 20 bytes for every demo account.
DEMO_TOTP_SECRET = "SAFESPACEDEMOTOTPSECRETKEY234567"  # noqa: S105 (as above)

DIRECTORATES = [
    "Children's Services",
    "Adults and Health",
    "Place",
    "Resources",
    "Housing",
    "Public Health",
]

THEMES = [
    "Pay",
    "Promotion and progression",
    "Capability procedures",
    "Probation",
    'Inappropriate "banter"',
    "Dress codes",
    "Bias in HR processes",
    "Managers not listening",
    "Mediation",
    "Other",
]

WOMENS_THEMES = [
    "Sexual harassment",
    "Pregnancy and maternity",
    "Menopause",
    "Flexible working",
    "Pay",
    "Promotion and progression",
    "Being talked over or ignored",
    "Other",
]


@dataclass(frozen=True)
class DemoNetwork:
    name: str
    slug: str
    short_name: str
    contact_email: str
    serves: str
    start_wording: str
    themes: list[str]


RACE = "race-equality"
WOMENS = "womens"
NETWORKS = [
    DemoNetwork(
        "Race Equality Network",
        RACE,
        "REN",
        "race-equality@example.org",
        "Staff who have faced racism at work, or who want to talk about race equality",
        "Tell the Race Equality Network about racism or other unfair treatment you have faced "
        "at work. A trained champion will listen, and help you decide what, if anything, "
        "should happen next.",
        THEMES,
    ),
    DemoNetwork(
        "Women's Network",
        WOMENS,
        "WN",
        "womens-network@example.org",
        "Staff who have faced sexism, sexual harassment or unfair treatment as women at work",
        "Tell the Women's Network about sexism, harassment or other unfair treatment you have "
        "faced at work. A trained champion will listen, and help you decide what, if anything, "
        "should happen next.",
        WOMENS_THEMES,
    ),
]

# (full name, email, directorate, roles in the Race Equality Network, roles in the Women's
# Network): the Director of Wellbeing and the insight viewer serve both networks.
PEOPLE: list[tuple[str, str, str, list[Role], list[Role]]] = [
    ("Amara Okafor", "lead@example.org", "Resources", [Role.LEAD, Role.CHAMPION], []),
    ("Daniel Mensah", "champion1@example.org", "Children's Services", [Role.CHAMPION], []),
    ("Priya Sharma", "champion2@example.org", "Adults and Health", [Role.CHAMPION], []),
    ("Tomasz Nowak", "champion3@example.org", "Place", [Role.CHAMPION], []),
    ("Grace Adeyemi", "champion4@example.org", "Resources", [Role.CHAMPION], []),
    ("Yusuf Rahman", "champion5@example.org", "Housing", [Role.CHAMPION], []),
    ("Mei Lin Chen", "champion6@example.org", "Public Health", [Role.CHAMPION], []),
    ("Helen Carter", "wellbeing@example.org", "Resources", [Role.DIRECTOR], [Role.DIRECTOR]),
    ("Robert Hughes", "manager1@example.org", "Place", [Role.MANAGER], [Role.MANAGER]),
    ("Sarah Whitfield", "manager2@example.org", "Housing", [Role.MANAGER], [Role.MANAGER]),
    ("James Patel", "manager3@example.org", "Resources", [Role.MANAGER], []),
    ("Claire Donovan", "manager4@example.org", "Children's Services", [Role.MANAGER], []),
    ("Nadia Hussain", "insight@example.org", "Resources", [Role.INSIGHT], [Role.INSIGHT]),
    ("Owen Price", "admin@example.org", "Resources", [Role.ADMIN], []),
    ("Fiona Grant", "hr@example.org", "Resources", [Role.HR], []),
    ("Ruth Osei", "dpo@example.org", "Resources", [Role.DPO], [Role.DPO]),
    ("Sam Taylor", "staff@example.org", "Housing", [], []),
    (
        "Bethany Cole",
        "womens-lead@example.org",
        "Adults and Health",
        [],
        [Role.LEAD, Role.CHAMPION],
    ),
    ("Aisha Bello", "womens-champion1@example.org", "Place", [], [Role.CHAMPION]),
    ("Lucy Fernandes", "womens-champion2@example.org", "Housing", [], [Role.CHAMPION]),
    ("Hannah Wright", "womens-champion3@example.org", "Public Health", [], [Role.CHAMPION]),
]

ROLE_TITLES = {
    Role.LEAD: "Lead champion",
    Role.CHAMPION: "Champion",
    Role.DIRECTOR: "Director of Wellbeing",
    Role.MANAGER: "Senior manager",
    Role.INSIGHT: "Insight viewer",
    Role.ADMIN: "Administrator",
    Role.HR: "HR import",
    Role.DPO: "Data protection officer",
}


def demo_totp_key() -> str:
    """The key as django-otp takes it (hex); saving the device seals it (accounts/factors.py)."""
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def _title(roles: list[Role]) -> str:
    return " and ".join(ROLE_TITLES[r] for r in roles)


def sign_ins() -> list[tuple[str, str, str]]:
    """(role, name, email) for every demo account, for the README and `make run`."""
    rows = []
    for name, email, _directorate, race, womens in PEOPLE:
        if race and race == womens:
            title = f"{_title(race)}, both networks"
        elif race and womens:
            title = f"{_title(race)} (Race Equality), {_title(womens)} (Women's)"
        elif womens:
            title = f"{_title(womens)}, Women's Network"
        else:
            title = _title(race) if race else "Member of staff, no role"
        rows.append((title, name, email))
    return rows


def _network(spec: DemoNetwork) -> Network:
    network, _ = Network.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "short_name": spec.short_name,
            "contact_email": spec.contact_email,
            "serves": spec.serves,
            "start_wording": spec.start_wording,
        },
    )
    for position, name in enumerate(spec.themes):
        Theme.objects.update_or_create(network=network, name=name, defaults={"position": position})
    return network


@transaction.atomic
def seed() -> dict[str, Network]:
    """Create or refresh the demo organisation and its two networks, by slug. Running it
    twice changes nothing."""
    directorates = {name: Directorate.objects.get_or_create(name=name)[0] for name in DIRECTORATES}
    networks = {spec.slug: _network(spec) for spec in NETWORKS}
    for full_name, email, directorate, race, womens in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        user.full_name = full_name
        user.directorate = directorates[directorate]
        user.is_demo = True
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        for slug, roles in ((RACE, race), (WOMENS, womens)):
            for role in roles:
                Membership.objects.get_or_create(user=user, network=networks[slug], role=role)
        TOTPDevice.objects.update_or_create(
            user=user,
            name="Demo authenticator",
            defaults={"key": demo_totp_key(), "confirmed": True},
        )
    return networks
