"""A serving process loads what it keeps for life before its first request, then keeps the
garbage collector off it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from safespace.lib import startup


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_every_template_of_the_service_compiles() -> None:
    folder = Path(settings.TEMPLATES[0]["DIRS"][0])
    assert startup.compile_templates() == len(list(folder.rglob("*.html"))) > 100


def test_settling_freezes_what_was_loaded_and_leaves_new_objects_to_the_collector(
    unfrozen,
) -> None:
    startup.settle()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000
    # What a request makes and drops is still collected: a cycle, say.
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1
    assert gc.get_freeze_count() == frozen
