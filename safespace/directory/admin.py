"""The staff directory on the configuration site, to look at: the HR system's import changes it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from safespace.configuration.admin import ConfigurationAdmin, site
from safespace.directory.models import StaffMember


@admin.register(StaffMember, site=site)
class StaffMemberAdmin(ConfigurationAdmin):
    """Read only: a change made here would be undone by the next import."""

    list_display = ["full_name", "employee_number", "email", "directorate", "service", "manager"]
    list_select_related = ["directorate", "manager"]
    list_filter = ["directorate"]
    search_fields = ["full_name", "employee_number", "email"]
    fields = ["employee_number", "full_name", "email", "directorate", "service", "manager"]
    readonly_fields = ["employee_number", "full_name", "email", "directorate", "service", "manager"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
