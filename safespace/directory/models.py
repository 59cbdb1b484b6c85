"""Everyone on the organisation's payroll, as the HR system exports them, with their manager."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safespace.accounts.models import Directorate

EMPLOYEE_NUMBER_MAX = 50
NAME_MAX = 150
SERVICE_MAX = 120


class StaffMember(models.Model):
    """One person in the staff directory; many never sign in to Safe Space."""

    # The HR system's key for a person: imports match on it, so a new email is an update.
    employee_number = models.CharField(
        _("employee number"), max_length=EMPLOYEE_NUMBER_MAX, unique=True
    )
    full_name = models.CharField(_("full name"), max_length=NAME_MAX)
    # Stored lower-case so a signed-in User (also lower-case) matches it exactly.
    email = models.EmailField(_("email"), unique=True)
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        related_name="staff_members",
        verbose_name=_("directorate"),
    )
    service = models.CharField(_("service"), max_length=SERVICE_MAX, blank=True)
    manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("manager"),
    )
    # When an import last changed this row.
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        indexes = [
            # The people picker (reporting.search): names in order, so the first 20 matches
            # can be read off the index rather than sorting every row. Email and employee
            # number look-ups use their unique indexes.
            models.Index(fields=["full_name"], name="staffmember_full_name"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_number})"
