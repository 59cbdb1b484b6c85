"""Production refuses insecure settings; development and test start without any."""

import os
import subprocess
import sys
from pathlib import Path

from safespace.lib.production import insecure_settings

ROOT = Path(__file__).resolve().parents[3]
GOOD = {
    "SECRET_KEY": "k" * 60,
    "SAFESPACE_MASTER_KEY": "k1:" + "A" * 44,
    "DEBUG": False,
    "ALLOWED_HOSTS": ["safespace.example.gov.uk"],
    "SESSION_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def test_good_production_settings_pass() -> None:
    assert insecure_settings(GOOD) == []


def test_each_insecure_setting_is_named_with_a_fix() -> None:
    cases = {
        "SECRET_KEY": "",
        "SAFESPACE_MASTER_KEY": "",
        "DEBUG": True,
        "ALLOWED_HOSTS": ["*"],
        "SESSION_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    for name, bad in cases.items():
        problems = insecure_settings({**GOOD, name: bad})
        assert len(problems) == 1, name
        assert problems[0].split()[0].strip(".") in {name, "SECURE_COOKIES", "No"}, problems


SECURE_PRODUCTION = {
    "SAFESPACE_ENV": "production",
    "SECRET_KEY": "s" * 20 + "-production-check-" + "t" * 20,
    "SAFESPACE_MASTER_KEY": "k1:" + "A" * 43 + "=",
    "ALLOWED_HOSTS": "safespace.example.gov.uk",
    "EMAIL_HOST": "smtp.example.gov.uk",
}


def manage(*command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run manage.py with only these settings, not whatever the test run was given."""
    inherited = {"SECRET_KEY", "DATABASE_URL", "KEYSTORE_DATABASE_URL", "SAFESPACE_ENV"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return manage("check", env=env)


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_check({"SAFESPACE_ENV": "production", "SAFESPACE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_is_the_default_mode(tmp_path: Path) -> None:
    result = run_check({"SAFESPACE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "will not start in production" in result.stderr


def test_development_makes_its_own_secrets_in_the_data_directory(tmp_path: Path) -> None:
    result = run_check({"SAFESPACE_ENV": "development", "SAFESPACE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert (tmp_path / "master_key").exists()


def test_production_passes_the_deployment_checklist(tmp_path: Path) -> None:
    env = {**SECURE_PRODUCTION, "SAFESPACE_DATA_DIR": str(tmp_path)}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_are_secure_and_host_prefixed(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_NAME, s.SECURE_HSTS_SECONDS, s.DEBUG)"
    )
    env = {**SECURE_PRODUCTION, "SAFESPACE_DATA_DIR": str(tmp_path)}
    result = manage("shell", "-v", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-safespace_session",
        "True",
        "True",
        "__Host-safespace_csrf",
        "31536000",
        "False",
    ]


def test_a_form_post_with_a_null_origin_still_needs_the_csrf_token(db) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    refused = client.post("/accounts/login/", {"email": "a@example.org"}, HTTP_ORIGIN="null")
    assert refused.status_code == 403
    client.get("/accounts/login/")
    token = client.cookies["safespace_csrf"].value
    accepted = client.post(
        "/accounts/login/",
        {"email": "a@example.org", "password": "x", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="null",
    )
    assert accepted.status_code == 200
    other_site = client.post(
        "/accounts/login/",
        {"email": "a@example.org", "password": "x", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://attacker.example",
    )
    assert other_site.status_code == 403
