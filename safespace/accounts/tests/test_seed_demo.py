import pytest
from django.core.management import CommandError, call_command

from safespace.accounts import demo
from safespace.accounts.models import Directorate, Membership, Role, Theme, User


@pytest.mark.django_db
def test_it_creates_the_demo_organisation_and_is_idempotent() -> None:
    call_command("seed_demo")
    counts = (User.objects.count(), Membership.objects.count(), Theme.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Membership.objects.count(), Theme.objects.count()) == counts
    assert Directorate.objects.count() == 6
    assert Membership.objects.filter(role=Role.CHAMPION).count() >= 6
    assert Membership.objects.filter(role=Role.LEAD).count() == 1
    assert Membership.objects.filter(role=Role.MANAGER).count() == 4
    assert all(User.objects.values_list("is_demo", flat=True))


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
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    for _role, _name, email in demo.sign_ins():
        assert email in readme
    assert demo.DEMO_PASSWORD in readme
    assert demo.DEMO_TOTP_SECRET in readme
