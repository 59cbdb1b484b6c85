"""Choice labels kept in English in the code, shown in the reader's language.

The labels of a model's choices are marked with gettext_noop where they are written, so they
are in the catalogue but stay plain English wherever they are counted, stored or exported;
a form or page a raiser reads translates them as it shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def translated(choices: Iterable[tuple[str, str]]) -> list[tuple[str, StrOrPromise]]:
    """The choices with each label in the language of the page that shows them."""
    return [(value, gettext_lazy(label)) for value, label in choices]
