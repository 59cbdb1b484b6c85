"""Raise concerns one after another until told to stop; print how each page was answered.

Run by tests/test_writes_wait.py in a process of its own while an import runs in another, both
on the same database, as a raiser and an administrator would be.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safespace.settings")
django.setup()

from django.test import Client  # noqa: E402

from safespace.cases.models import Network, Theme  # noqa: E402
from tests.helpers import ANSWERS  # noqa: E402


def main(stop: Path, started: Path) -> None:
    network, _ = Network.objects.get_or_create(
        slug="race-equality", defaults={"name": "Race Equality Network"}
    )
    Theme.objects.get_or_create(network=network, name="Pay")
    # Two networks, so /raise/ asks which one, from the database, like every page after it.
    Network.objects.get_or_create(slug="womens", defaults={"name": "Women's Network"})
    started.touch()
    sends = []
    while not stop.exists():
        client = Client(raise_request_exception=False)
        began = time.monotonic()
        response = client.get("/raise/")
        sends.append(
            {
                "page": "choose",
                "status": response.status_code,
                "to": "",
                "seconds": round(time.monotonic() - began, 2),
            }
        )
        for slug, answers in [
            ("race-equality", {}),  # the network chosen: its start page's button
            *ANSWERS.items(),
            ("check-your-answers", {}),
        ]:
            began = time.monotonic()
            response = client.post(f"/raise/{slug}/", answers)
            sends.append(
                {
                    "page": slug,
                    "status": response.status_code,
                    "to": response.get("Location", ""),
                    "seconds": round(time.monotonic() - began, 2),
                }
            )
    print(json.dumps(sends))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
