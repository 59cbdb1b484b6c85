"""The configuration site for administrators: people, networks, directorates and themes.

It registers no model that holds case content, and only administrators who have passed
two-factor get in, so separation of duties holds by construction (tests check both).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safespace.accounts import enrolment, roles
from safespace.accounts.models import Directorate, Membership, Network, Role, Theme, User
from safespace.lib.translation import translated


class ConfigurationSite(admin.AdminSite):
    site_header = _("Safe Space configuration")
    site_title = _("Safe Space configuration")
    index_title = _("Configuration")
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            isinstance(user, User)
            and user.is_active
            and bool(user.is_verified())  # type: ignore[attr-defined]
            and roles.administers(user)
        )

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One sign-in for everyone, with lockout and two-factor.
        return redirect_to_login(request.get_full_path())


site = ConfigurationSite(name="admin")


class ConfigurationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Whoever may use the site may manage what is registered on it."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return site.has_permission(request)

    has_add_permission = has_module_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


class ConfigurationInline(admin.TabularInline):  # type: ignore[type-arg]
    """Rows edited on their parent's page (roles on a person's, themes on a network's), by
    whoever may use the site: Django's own model permissions are not used here."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return site.has_permission(request)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


class MembershipInline(ConfigurationInline):
    model = Membership
    # When a role was given is recorded, not typed.
    fields = ["network", "role"]
    extra = 1

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # The roles' names stay English where they are stored; here they are read.
        if db_field.name == "role":
            kwargs["choices"] = [("", "---------"), *translated(Role.choices)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(User, site=site)
class UserAdmin(ConfigurationAdmin):
    list_display = ["full_name", "email", "directorate", "is_active"]
    search_fields = ["full_name", "email"]
    fields = ["full_name", "email", "directorate", "is_active"]
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Set-up codes go to this address, so a change is told to the old one and audited.
        old = form.initial.get("email", "") if change else ""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "email" in form.changed_data and old:
                enrolment.address_changed(obj, old, by=request.user)


class ThemeInline(ConfigurationInline):
    model = Theme
    extra = 3


@admin.register(Network, site=site)
class NetworkAdmin(ConfigurationAdmin):
    """A network's name, address and wording, and the promises its figures and clock keep.

    Its themes are added here; its people are given roles on each person's page.
    """

    inlines = [ThemeInline]
    list_display = [
        "name",
        "slug",
        "short_name",
        "first_contact_days",
        "disclosure_threshold",
        "retention_months",
    ]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "short_name",
        "contact_email",
        "serves",
        "start_wording",
        "first_contact_days",
        "disclosure_threshold",
        "retention_months",
    ]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # A new network starts from the installation's defaults (SAFESPACE_… settings).
        return {
            "first_contact_days": settings.SAFESPACE_FIRST_CONTACT_DAYS,
            "disclosure_threshold": settings.SAFESPACE_DISCLOSURE_THRESHOLD,
            **super().get_changeform_initial_data(request),
        }


@admin.register(Directorate, site=site)
class DirectorateAdmin(ConfigurationAdmin):
    list_display = ["name"]


@admin.register(Theme, site=site)
class ThemeAdmin(ConfigurationAdmin):
    list_display = ["name", "network", "position"]
    list_filter = ["network"]


@admin.register(TOTPDevice, site=site)
class TOTPDeviceAdmin(ConfigurationAdmin):
    """Deleting someone's device makes them set up two-factor again at their next sign-in.

    Setting it up again needs a code emailed to the account (safespace/accounts/enrolment.py),
    and the owner is emailed that it was removed.
    """

    removed_what = enrolment.AUTHENTICATOR
    list_display = ["user", "name", "confirmed"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = ["user", "name", "confirmed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            enrolment.removed(obj.user, by=request.user, what=self.removed_what)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # Each owner is told and each removal audited, as for one device deleted on its own.
        with transaction.atomic():
            owners = [device.user for device in queryset.select_related("user")]
            super().delete_queryset(request, queryset)
            for owner in owners:
                enrolment.removed(owner, by=request.user, what=self.removed_what)


@admin.register(StaticDevice, site=site)
class StaticDeviceAdmin(TOTPDeviceAdmin):
    removed_what = enrolment.BACKUP_CODES
    list_display = ["user", "name"]
    fields = ["user", "name"]
    readonly_fields = ["user", "name"]
