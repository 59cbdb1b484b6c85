"""Refuse to start in production on a setting that would put people's stories at risk."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from safespace.lib.env import env_str

WEAK_SECRET_LENGTH = 50
HR_KEY_LENGTH = 32


def insecure_settings(settings: Mapping[str, Any]) -> list[str]:
    """Every insecure production setting, each as "what is wrong — how to fix it"."""
    problems: list[str] = []
    secret = settings.get("SECRET_KEY", "")
    if not secret:
        problems.append(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value."
        )
    elif len(secret) < WEAK_SECRET_LENGTH or secret.startswith("django-insecure"):
        problems.append(
            f"SECRET_KEY is too short or a default. Use at least {WEAK_SECRET_LENGTH} random "
            "characters, for example from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    if not settings.get("SAFESPACE_MASTER_KEY"):
        problems.append(
            "SAFESPACE_MASTER_KEY is not set. Set it (or SAFESPACE_MASTER_KEY_FILE) to "
            "'key-id:base64-of-32-random-bytes'; see README, 'Running it for real'."
        )
    hr_key = str(settings.get("SAFESPACE_HR_HASH_KEY", ""))
    if len(hr_key) < HR_KEY_LENGTH:
        problems.append(
            "SAFESPACE_HR_HASH_KEY is not set or too short. Set it (or SAFESPACE_HR_HASH_KEY_FILE) "
            f"to at least {HR_KEY_LENGTH} random characters, kept apart from the database: it "
            "keys the hashes of employee numbers that the retaliation tripwire matches on."
        )
    keys_url = str(settings.get("KEYSTORE_DATABASE_URL", "")).strip()
    if not keys_url:
        problems.append(
            "KEYSTORE_DATABASE_URL is not set, so each host would keep its own local key store "
            "and cases made on one could not be opened on another. Set KEYSTORE_DATABASE_URL to "
            "a separate database that every host shares, for example "
            "postgres://keys_user:password@host:5432/safespace_keys."
        )
    elif _same_database(keys_url, str(settings.get("DATABASE_URL", ""))):
        problems.append(
            "KEYSTORE_DATABASE_URL names the same database as DATABASE_URL, so a copy of that "
            "one database would hold both the sealed stories and the keys that open them. "
            "Point KEYSTORE_DATABASE_URL at a separate database, ideally on another server."
        )
    base_url = urlsplit(str(settings.get("SAFESPACE_BASE_URL", "")))
    if base_url.scheme != "https" or base_url.hostname in {None, "", "127.0.0.1", "localhost"}:
        problems.append(
            "SAFESPACE_BASE_URL is not the service's public https address, so links in emails "
            "would point nowhere. Set it, for example "
            "SAFESPACE_BASE_URL=https://safespace.example.gov.uk."
        )
    if settings.get("DEBUG"):
        problems.append("DEBUG is on. Production never runs with DEBUG; unset DEBUG.")
    hosts = settings.get("ALLOWED_HOSTS", [])
    if not hosts or "*" in hosts:
        problems.append(
            "ALLOWED_HOSTS is empty or '*'. Set ALLOWED_HOSTS to the service's host name, "
            "for example ALLOWED_HOSTS=safespace.example.gov.uk."
        )
    if not settings.get("SESSION_COOKIE_SECURE"):
        problems.append("SECURE_COOKIES is off. Serve over HTTPS and leave SECURE_COOKIES unset.")
    if not settings.get("SECURE_SSL_REDIRECT"):
        problems.append("SECURE_SSL_REDIRECT is off. Serve over HTTPS and leave it unset.")
    if settings.get("SECURE_HSTS_SECONDS", 0) < 31536000:
        problems.append("SECURE_HSTS_SECONDS is under a year. Leave it unset (one year).")
    if settings.get("EMAIL_BACKEND", "").endswith("console.EmailBackend"):
        problems.append(
            "No email is configured, so notifications would only be printed. Set EMAIL_HOST "
            "(and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD)."
        )
    return problems


def check_production_settings(settings: Mapping[str, Any]) -> None:
    # The settings keep only the parsed DATABASES, whose key store falls back to a local
    # SQLite file; whether the variable itself was given is a question for the environment.
    given = {
        "KEYSTORE_DATABASE_URL": env_str("KEYSTORE_DATABASE_URL"),
        "DATABASE_URL": env_str("DATABASE_URL"),
    }
    problems = insecure_settings({**settings, **given})
    if problems:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        raise ImproperlyConfigured(
            "Safe Space will not start in production with these insecure settings:\n"
            f"{lines}\n(For a local trial, run `make run`, which uses SAFESPACE_ENV=development.)"
        )


def _same_database(first: str, second: str) -> bool:
    """Whether two database URLs name one database: same server, port and database name."""
    if not first or not second:
        return False
    a, b = urlsplit(first), urlsplit(second)
    if a.scheme.startswith("sqlite") or b.scheme.startswith("sqlite"):
        return a.scheme.split("+")[0] == b.scheme.split("+")[0] and a.path == b.path
    return (
        (a.hostname or "localhost") == (b.hostname or "localhost")
        and (a.port or 5432) == (b.port or 5432)
        and a.path.strip("/") == b.path.strip("/")
    )
