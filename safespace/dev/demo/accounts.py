"""The fictional organisation `make run` creates, so the service can be tried at once.

Every name here is invented. Demo accounts share one published password and one published
two-factor secret, which is why they are marked `is_demo` and production refuses them.
"""

from __future__ import annotations

import base64

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

NETWORK = "Race Equality Network"

# (full name, email, directorate, roles in the network)
PEOPLE: list[tuple[str, str, str, list[Role]]] = [
    ("Amara Okafor", "lead@example.org", "Resources", [Role.LEAD, Role.CHAMPION]),
    ("Daniel Mensah", "champion1@example.org", "Children's Services", [Role.CHAMPION]),
    ("Priya Sharma", "champion2@example.org", "Adults and Health", [Role.CHAMPION]),
    ("Tomasz Nowak", "champion3@example.org", "Place", [Role.CHAMPION]),
    ("Grace Adeyemi", "champion4@example.org", "Resources", [Role.CHAMPION]),
    ("Yusuf Rahman", "champion5@example.org", "Housing", [Role.CHAMPION]),
    ("Mei Lin Chen", "champion6@example.org", "Public Health", [Role.CHAMPION]),
    ("Helen Carter", "wellbeing@example.org", "Resources", [Role.DIRECTOR]),
    ("Robert Hughes", "manager1@example.org", "Place", [Role.MANAGER]),
    ("Sarah Whitfield", "manager2@example.org", "Housing", [Role.MANAGER]),
    ("James Patel", "manager3@example.org", "Resources", [Role.MANAGER]),
    ("Claire Donovan", "manager4@example.org", "Children's Services", [Role.MANAGER]),
    ("Nadia Hussain", "insight@example.org", "Resources", [Role.INSIGHT]),
    ("Owen Price", "admin@example.org", "Resources", [Role.ADMIN]),
    ("Fiona Grant", "hr@example.org", "Resources", [Role.HR]),
    ("Sam Taylor", "staff@example.org", "Housing", []),
]

ROLE_TITLES = {
    Role.LEAD: "Lead champion",
    Role.CHAMPION: "Champion",
    Role.DIRECTOR: "Director of Wellbeing",
    Role.MANAGER: "Senior manager",
    Role.INSIGHT: "Insight viewer",
    Role.ADMIN: "Administrator",
    Role.HR: "HR import",
}


def demo_totp_key() -> str:
    """The key as django-otp takes it (hex); saving the device seals it (accounts/factors.py)."""
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def sign_ins() -> list[tuple[str, str, str]]:
    """(role, name, email) for every demo account, for the README and `make run`."""
    rows = []
    for name, email, _directorate, roles in PEOPLE:
        title = " and ".join(ROLE_TITLES[r] for r in roles) if roles else "Member of staff, no role"
        rows.append((title, name, email))
    return rows


@transaction.atomic
def seed() -> Network:
    """Create or refresh the demo organisation. Running it twice changes nothing."""
    directorates = {name: Directorate.objects.get_or_create(name=name)[0] for name in DIRECTORATES}
    network, _ = Network.objects.get_or_create(name=NETWORK, defaults={"slug": "race-equality"})
    for position, name in enumerate(THEMES):
        Theme.objects.update_or_create(network=network, name=name, defaults={"position": position})
    for full_name, email, directorate, roles in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        user.full_name = full_name
        user.directorate = directorates[directorate]
        user.is_demo = True
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        for role in roles:
            Membership.objects.get_or_create(user=user, network=network, role=role)
        TOTPDevice.objects.update_or_create(
            user=user,
            name="Demo authenticator",
            defaults={"key": demo_totp_key(), "confirmed": True},
        )
    return network
