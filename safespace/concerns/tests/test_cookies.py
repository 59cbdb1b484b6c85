"""Over HTTPS every cookie is pinned to the host; confirmations never travel in a cookie."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def settings_with(**env: str) -> dict[str, str]:
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "
        "settings.SAFESPACE_DRAFT_COOKIE, settings.LANGUAGE_COOKIE_NAME]))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "safespace.settings", **env}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, check=True
    )
    names = json.loads(out.stdout)
    return dict(zip(["session", "csrf", "draft", "language"], names, strict=True))


def test_secure_cookies_carry_the_host_prefix() -> None:
    names = settings_with(SAFESPACE_ENV="test", SECURE_COOKIES="true")
    assert all(name.startswith("__Host-") for name in names.values()), names


def test_confirmations_are_kept_in_the_session_not_a_cookie() -> None:
    assert settings.MESSAGE_STORAGE.endswith("session.SessionStorage")
