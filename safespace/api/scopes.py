"""What a token may be used for, each a purpose mapped to one action of the access policy.

A call needs both: the token was made for that purpose, and the person it acts as holds a role
whose row in the policy allows the action (policy.token_can). Taking the role away stops the
token at once, without revoking it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

from safespace.policy import Action


class Scope(models.TextChoices):
    REFERENCE = "reference", gettext_noop("Read the networks and their themes")
    HR_EVENTS = "hr-events", gettext_noop("Send HR events to the HR process watch")
    DIRECTORY = "directory", gettext_noop("Keep the staff directory in step with the HR system")
    INSIGHTS = "insights", gettext_noop("Read disclosure-controlled insight figures")


# The policy's action each purpose needs. Networks and their themes are on the public raise
# form already: any member of staff may read them.
ACTIONS: dict[Scope, Action] = {
    Scope.REFERENCE: Action.SIGNED_IN,
    Scope.HR_EVENTS: Action.IMPORT_HR_EVENTS,
    # The same right as the directory's upload page (policy URLS "directory:import").
    Scope.DIRECTORY: Action.CONFIGURE,
    Scope.INSIGHTS: Action.VIEW_INSIGHTS,
}
