"""Refuse to start in production on a setting that would put people's stories at risk."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from safespace.lib import masterkey
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
    master = str(settings.get("SAFESPACE_MASTER_KEY") or "")
    if not master:
        problems.append(
            "SAFESPACE_MASTER_KEY is not set. Set it (or SAFESPACE_MASTER_KEY_FILE) to "
            "'key-id:base64-of-32-random-bytes'; see README, 'Running it for real'."
        )
    else:
        # Read now, not when the first raiser sends their story and it cannot be sealed.
        try:
            masterkey.parse(master)
        except ImproperlyConfigured as error:
            problems.append(
                f"SAFESPACE_MASTER_KEY cannot be used: {str(error).split(' ', 1)[1]} Make one "
                "with `manage.py generate_master_key`."
            )
    hr_key = str(settings.get("SAFESPACE_HR_HASH_KEY", ""))
    if len(hr_key) < HR_KEY_LENGTH:
        problems.append(
            "SAFESPACE_HR_HASH_KEY is not set or too short. Set it (or SAFESPACE_HR_HASH_KEY_FILE) "
            f"to at least {HR_KEY_LENGTH} random characters, kept apart from the database: it "
            "keys the hashes of employee numbers that the retaliation tripwire matches on."
        )
    hash_key = str(settings.get("SAFESPACE_HASH_KEY") or "")
    if len(hash_key) < HR_KEY_LENGTH:
        problems.append(
            "SAFESPACE_HASH_KEY is not set or too short. Set it (or SAFESPACE_HASH_KEY_FILE) to "
            f"at least {HR_KEY_LENGTH} random characters, kept apart from the database: it keys "
            "the hashes that find a concern by its receipt, a raiser's concerns, concerns naming "
            "the same person, and backup codes."
        )
    else:
        shared = [
            name
            for name in ("SECRET_KEY", "SAFESPACE_HR_HASH_KEY", "SAFESPACE_AUDIT_KEY")
            if str(settings.get(name) or "") == hash_key
        ]
        if shared:
            problems.append(
                f"SAFESPACE_HASH_KEY is the same as {', '.join(shared)}. Give it a value of its "
                "own: each key has one job, so rotating one never breaks the others."
            )
    if len(str(settings.get("SAFESPACE_AUDIT_KEY") or "")) < HR_KEY_LENGTH:
        problems.append(
            "SAFESPACE_AUDIT_KEY is not set or too short. Set it (or SAFESPACE_AUDIT_KEY_FILE) to "
            f"at least {HR_KEY_LENGTH} random characters, kept apart from the database: it keys "
            "the audit trail's links, so nobody who can write the database can rewrite them."
        )
    keys_url = str(settings.get("KEYSTORE_DATABASE_URL", "")).strip()
    if not keys_url:
        problems.append(
            "KEYSTORE_DATABASE_URL is not set, so each host would keep its own local key store "
            "and cases made on one could not be opened on another. Set KEYSTORE_DATABASE_URL to "
            "a separate database that every host shares, for example "
            "postgres://keys_user:password@host:5432/safespace_keys."
        )
    elif _same_database(settings.get("DATABASES", {})) or _same_url(
        keys_url, str(settings.get("DATABASE_URL", ""))
    ):
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
    elif settings.get("EMAIL_BACKEND", "").endswith("smtp.EmailBackend") and not (
        settings.get("EMAIL_USE_TLS") or settings.get("EMAIL_USE_SSL")
    ):
        problems.append(
            "EMAIL_USE_TLS is off (and EMAIL_USE_SSL is not on), so emails and the mail "
            "server's password would cross the network unencrypted. Leave EMAIL_USE_TLS unset."
        )
    if not settings.get("AXES_ENABLED", True):
        problems.append(
            "AXES_ENABLED is off, so nothing slows down guessing passwords. Leave it unset."
        )
    plain = [o for o in settings.get("CSRF_TRUSTED_ORIGINS", []) if not o.startswith("https://")]
    if plain:
        problems.append(
            f"CSRF_TRUSTED_ORIGINS lists {', '.join(plain)}, which is not https. List only "
            "https:// addresses, for example https://safespace.example.gov.uk."
        )
    issuer = str(settings.get("SAFESPACE_OIDC_ISSUER", ""))
    if issuer and not issuer.startswith("https://"):
        problems.append(
            f"SAFESPACE_OIDC_ISSUER is {issuer}, which is not https, so the provider's keys and "
            "tokens could be changed on the way. Use its https:// issuer, for example "
            "https://login.microsoftonline.com/<tenant id>/v2.0."
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


LOOPBACK = {"", "localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 (a name, not a bind)


def _same_database(databases: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether the parsed case and key databases are one: the same engine and SQLite file
    (however its path is spelt), or the same server, port and name (loopback spelt any way)."""
    if "default" not in databases or "keys" not in databases:
        return False
    return _identity(databases["default"]) == _identity(databases["keys"])


def _identity(database: Mapping[str, Any]) -> tuple[str, ...]:
    engine = str(database.get("ENGINE", ""))
    name = str(database.get("NAME", ""))
    if engine.endswith("sqlite3"):
        return (engine, os.path.realpath(os.path.normpath(name)))
    host = str(database.get("HOST") or "").lower().strip("[]")
    return (
        engine,
        "loopback" if host in LOOPBACK else host,
        str(database.get("PORT") or 5432),
        name,
    )


def _same_url(first: str, second: str) -> bool:
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
