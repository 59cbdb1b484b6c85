"""The demo organisation `make run` loads, and the sign-ins the README publishes for it."""

import base64
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP

from safespace.accounts.models import Directorate, Membership, Network, Role, Theme, User
from safespace.cases.models import Case
from safespace.champions.models import TermsOfReference
from safespace.champions.terms import accepted_current_terms
from safespace.dev.demo import accounts as demo
from safespace.notifications.models import SentEmail


@pytest.mark.django_db
def test_it_creates_the_demo_organisation_and_is_idempotent() -> None:
    call_command("seed_demo")
    counts = (User.objects.count(), Membership.objects.count(), Theme.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Membership.objects.count(), Theme.objects.count()) == counts
    assert Directorate.objects.count() == 6
    assert Membership.objects.filter(role=Role.CHAMPION).count() >= 6
    # A lead for each network; the managers hold six roles between them (two in both).
    assert Membership.objects.filter(role=Role.LEAD).count() == 2
    assert Membership.objects.filter(role=Role.MANAGER).count() == 6
    assert all(User.objects.values_list("is_demo", flat=True))


@pytest.mark.django_db
def test_seeding_sends_no_email_and_records_none(mailoutbox) -> None:
    """The record of sent email must only ever hold emails that went."""
    call_command("seed_demo")
    assert mailoutbox == []
    assert SentEmail.objects.count() == 0


@pytest.mark.django_db
def test_champions_come_from_different_directorates() -> None:
    call_command("seed_demo")
    champions = User.objects.filter(memberships__role=Role.CHAMPION).exclude(
        memberships__role=Role.LEAD
    )
    assert champions.values("directorate").distinct().count() == 6


@pytest.mark.django_db
def test_every_demo_account_signs_in_with_the_published_password(client) -> None:
    call_command("seed_demo")
    for _role, _name, email in demo.sign_ins():
        response = client.post("/accounts/login/", {"email": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/accounts/sign-out/")


@pytest.mark.django_db
def test_it_refuses_to_run_in_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_the_readme_lists_every_demo_sign_in() -> None:
    readme = (Path(__file__).resolve().parents[4] / "README.md").read_text()
    for _role, _name, email in demo.sign_ins():
        assert email in readme
    assert demo.DEMO_PASSWORD in readme
    assert demo.DEMO_TOTP_SECRET in readme


PILOT_THEMES = [
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


@pytest.mark.django_db
def test_it_creates_the_race_equality_network_with_the_ten_pilot_themes() -> None:
    demo.seed()
    network = Network.objects.get(slug="race-equality")
    assert network.name == "Race Equality Network"
    themes = Theme.objects.filter(network=network).order_by("position")
    assert list(themes.values_list("name", flat=True)) == PILOT_THEMES


@pytest.mark.django_db
def test_it_creates_one_person_in_each_oversight_role_four_managers_and_six_champions() -> None:
    demo.seed()
    race = Network.objects.get(slug="race-equality")

    def holders(role: Role) -> int:
        return Membership.objects.filter(network=race, role=role).count()

    assert holders(Role.DIRECTOR) == 1
    assert holders(Role.INSIGHT) == 1
    assert holders(Role.ADMIN) == 1
    assert holders(Role.LEAD) == 1
    assert holders(Role.MANAGER) == 4
    # Six champions, and the lead, who takes cases too.
    champions = Membership.objects.filter(network=race, role=Role.CHAMPION).exclude(
        user__memberships__role=Role.LEAD
    )
    assert champions.count() == 6
    director = User.objects.filter(memberships__role=Role.DIRECTOR).distinct().get()
    assert director.email == "wellbeing@example.org"


@pytest.mark.django_db
def test_the_womens_network_has_its_own_lead_champions_themes_and_concerns() -> None:
    call_command("seed_demo")
    womens = Network.objects.get(slug="womens")
    race = Network.objects.get(slug="race-equality")
    assert "Sexual harassment" in womens.themes.values_list("name", flat=True)
    assert "Sexual harassment" not in race.themes.values_list("name", flat=True)
    lead = User.objects.get(email="womens-lead@example.org")
    assert lead.roles_in(womens) == {Role.LEAD, Role.CHAMPION} and not lead.roles_in(race)
    # One person, roles in both networks.
    director = User.objects.get(email="wellbeing@example.org")
    assert director.roles_in(womens) == director.roles_in(race) == {Role.DIRECTOR}
    assert Case.objects.filter(network=womens).count() == 3
    # Its champions have accepted its Terms of Reference, so its lead can assign them.
    assert TermsOfReference.objects.filter(network=womens).exists()
    assert accepted_current_terms(womens.pk) >= {
        u.pk for u in User.objects.filter(email__startswith="womens-champion")
    }
    # Each network's concerns went only to its own champions.
    for case in Case.objects.exclude(assignments=None).prefetch_related("assignments__champion"):
        for assignment in case.assignments.all():
            assert assignment.champion.roles_in(case.network) & {Role.CHAMPION, Role.LEAD}


def test_the_readme_demo_table_gives_each_sign_in_its_role() -> None:
    readme = (Path(__file__).resolve().parents[4] / "README.md").read_text()
    rows = {
        email: (role, name)
        for role, name, email in re.findall(
            r"^\| ([^|]+?) \| ([^|]+?) \| (\S+@example\.org) \|$", readme, re.MULTILINE
        )
    }
    assert rows == {email: (role, name) for role, name, email in demo.sign_ins()}


def test_demo_code_prints_the_current_code_for_the_published_secret(settings) -> None:
    settings.PRODUCTION = False
    out = StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    published = TOTP(base64.b32decode(demo.DEMO_TOTP_SECRET))
    assert published.verify(int(code), tolerance=1)


def test_demo_code_refuses_to_run_in_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_code")
