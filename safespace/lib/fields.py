"""A model field type that says, wherever it is declared, that its content is encrypted."""

from __future__ import annotations

from django.db import models


class EncryptedField(models.BinaryField):  # type: ignore[type-arg]
    """Ciphertext sealed by safespace.keystore.crypto under the case's own key.

    The model never holds plaintext: services seal on write and unseal (with an audit event)
    on read, so a database dump, a log line or an admin page can only ever show bytes.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
