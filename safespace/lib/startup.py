"""What a serving process does once, before its first request.

A worker keeps its modules, models, URL map and compiled templates for its whole life: about
190,000 objects. Python's collector walks every one of them on each full collection, which a
request making many objects (a page of 50 cases, say) sets off every dozen requests or so, and
which then took about 80 ms of that request at 100,000 cases. `settle` loads what would
otherwise be loaded by the first requests, then freezes it all (gc.freeze), so the collector
only walks what requests make. Nothing frozen is ever freed, which is what these are for.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import cast

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver


def compile_templates() -> int:
    """Compile every template of the service's own templates folder into the template cache;
    how many."""
    compiled = 0
    folders: list[str | Path] = []
    for engine in settings.TEMPLATES:
        folders.extend(cast(list[str | Path], engine["DIRS"]))
    for folder in map(Path, folders):
        for path in sorted(folder.rglob("*.html")):
            get_template(path.relative_to(folder).as_posix())
            compiled += 1
    return compiled


def settle() -> None:
    """Load the URL map and the templates, then keep the collector off everything loaded."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (importing every view)
    resolver.reverse_dict  # noqa: B018 (building the table reverse() reads)
    compile_templates()
    gc.collect()
    gc.freeze()
