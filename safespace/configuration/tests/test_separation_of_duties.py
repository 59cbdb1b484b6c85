"""The administrator configures the service and can read no case content by any route."""

from django.apps import apps
from django.contrib import admin
from django.db.models import Model

from safespace.configuration.admin import site
from safespace.lib.fields import EncryptedField

CONTENT_APPS = {"cases", "actions", "aftercare", "audit", "keystore"}


def holds_content(model: type[Model]) -> bool:
    return model._meta.app_label in CONTENT_APPS or any(
        isinstance(field, EncryptedField) for field in model._meta.get_fields()
    )


def test_the_configuration_site_registers_no_model_that_holds_case_content() -> None:
    registered = list(site._registry)
    assert registered, "the configuration site should register the configuration models"
    assert [m.__name__ for m in registered if holds_content(m)] == []


def test_the_default_admin_site_registers_no_content_model_either() -> None:
    assert [m.__name__ for m in admin.site._registry if holds_content(m)] == []


def test_every_model_with_an_encrypted_field_is_in_a_content_app() -> None:
    for model in apps.get_models():
        if any(isinstance(f, EncryptedField) for f in model._meta.get_fields()):
            assert model._meta.app_label in CONTENT_APPS, model


def test_the_configuration_site_needs_two_factor(client, make_user, network) -> None:
    from safespace.accounts.models import Role
    from tests.helpers import sign_in

    admin_user = make_user("admin@example.org", (network, Role.ADMIN))
    client.force_login(admin_user)
    session = client.session
    session["signed_in_at"] = __import__("time").time()
    session.save()
    response = client.get("/configuration/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/"
    sign_in(client, admin_user)
    assert client.get("/configuration/").status_code == 200
    assert client.get("/configuration/accounts/user/").status_code == 200
