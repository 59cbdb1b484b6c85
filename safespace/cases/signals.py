"""What other parts may react to without cases importing them (they build on cases)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that releases a held concern to triage, with `case=`, once its
# HR watch (if the raiser asked for one) has started: the tripwire then looks back over the
# HR events imported while it was held.
released = Signal()
