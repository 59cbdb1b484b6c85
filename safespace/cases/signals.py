"""What other parts may react to without cases importing them (they build on cases)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that releases a held concern to triage, with `case=`, once its
# HR watch (if the raiser asked for one) has started: the tripwire then looks back over the
# HR events imported while it was held.
released = Signal()

# Sent inside the transaction that shreds a concern, with `case=`, once its key is destroyed:
# the parts above cases forget what would still link it to its raiser or trip over it (a
# pending check-in the job could no longer address, an HR alert naming their HR process).
shredded = Signal()
