"""What the settings read from the environment, and production's refusal of insecure ones."""

import base64
import json
import subprocess
from pathlib import Path
from typing import Any

from safespace.lib.production import insecure_settings
from tests.helpers import manage, python, read_settings

ROOT = Path(__file__).resolve().parents[3]
GOOD = {
    "SECRET_KEY": "k" * 60,
    "SAFESPACE_MASTER_KEY": "k1:" + "A" * 43 + "=",
    "SAFESPACE_HR_HASH_KEY": "h" * 40,
    "SAFESPACE_AUDIT_KEY": "a" * 40,
    "SAFESPACE_HASH_KEY": "p" * 40,
    "KEYSTORE_DATABASE_URL": "postgres://keys_user:keys-pw@keys.internal:5432/safespace_keys",
    "DATABASE_URL": "postgres://app_user:app-pw@db.internal:5432/safespace",
    "SAFESPACE_BASE_URL": "https://safespace.example.gov.uk",
    "DEBUG": False,
    "ALLOWED_HOSTS": ["safespace.example.gov.uk"],
    "SESSION_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_USE_TLS": True,
    "AXES_ENABLED": True,
    "CSRF_TRUSTED_ORIGINS": ["https://safespace.example.gov.uk"],
    "DATABASES": {
        "default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.internal", "NAME": "ss"},
        "keys": {"ENGINE": "django.db.backends.postgresql", "HOST": "keys.internal", "NAME": "ss"},
    },
}
SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


def refused_for(name: str, **changes: Any) -> list[str]:
    """The problems production names with these settings changed, each checked to name `name`."""
    problems = insecure_settings({**GOOD, **changes})
    assert problems, f"{changes} was accepted"
    assert all(p.startswith(name) for p in problems), problems
    return problems


def test_the_same_case_and_key_database_is_refused_however_it_is_spelt() -> None:
    spellings = [
        (
            {"ENGINE": SQLITE, "NAME": "/srv/x/a.sqlite3"},
            {"ENGINE": SQLITE, "NAME": "/srv/x//a.sqlite3"},
        ),
        (
            {"ENGINE": SQLITE, "NAME": "/srv/x/a.sqlite3"},
            {"ENGINE": SQLITE, "NAME": "/srv/x/./y/../a.sqlite3"},
        ),
        (
            {"ENGINE": POSTGRES, "HOST": "localhost", "PORT": "", "NAME": "ss"},
            {"ENGINE": POSTGRES, "HOST": "127.0.0.1", "PORT": 5432, "NAME": "ss"},
        ),
        (
            {"ENGINE": POSTGRES, "HOST": "DB.internal", "PORT": 5432, "NAME": "ss"},
            {"ENGINE": POSTGRES, "HOST": "db.internal", "PORT": "5432", "NAME": "ss"},
        ),
    ]
    for default, keys in spellings:
        refused_for("KEYSTORE_DATABASE_URL", DATABASES={"default": default, "keys": keys})
    apart = {"ENGINE": SQLITE, "NAME": "/srv/x/keys.sqlite3"}
    default = {"ENGINE": SQLITE, "NAME": "/srv/x/a.sqlite3"}
    assert insecure_settings({**GOOD, "DATABASES": {"default": default, "keys": apart}}) == []


def test_a_master_key_that_cannot_seal_is_refused_at_start_up() -> None:
    three_bytes = "k1:" + base64.b64encode(b"abc").decode()
    for bad in (
        "nonsense",
        three_bytes,
        "k1:not base64!",
        "k1:" + "A" * 43 + "=,k1:" + "B" * 43 + "=",
    ):
        (problem,) = refused_for("SAFESPACE_MASTER_KEY", SAFESPACE_MASTER_KEY=bad)
        assert "generate_master_key" in problem
    (problem,) = refused_for("SAFESPACE_MASTER_KEY", SAFESPACE_MASTER_KEY=three_bytes)
    assert "must be 32 bytes, not 3" in problem


def test_turning_off_the_sign_in_lockout_is_refused() -> None:
    (problem,) = refused_for("AXES_ENABLED", AXES_ENABLED=False)
    assert "guessing passwords" in problem


def test_email_without_tls_or_ssl_is_refused() -> None:
    refused_for("EMAIL_USE_TLS", EMAIL_USE_TLS=False)
    assert insecure_settings({**GOOD, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True}) == []


def test_an_identity_provider_over_plain_http_is_refused() -> None:
    (problem,) = refused_for("SAFESPACE_OIDC_ISSUER", SAFESPACE_OIDC_ISSUER="http://idp.example")
    assert "https://" in problem
    secure = "https://login.microsoftonline.com/tenant/v2.0"
    assert insecure_settings({**GOOD, "SAFESPACE_OIDC_ISSUER": secure}) == []


def test_an_http_origin_trusted_for_forms_is_refused() -> None:
    (problem,) = refused_for(
        "CSRF_TRUSTED_ORIGINS",
        CSRF_TRUSTED_ORIGINS=[
            "https://safespace.example.gov.uk",
            "http://safespace.example.gov.uk",
        ],
    )
    assert "http://safespace.example.gov.uk" in problem


def test_the_key_store_spelt_as_an_odd_sqlite_url_for_the_case_file_is_refused(
    tmp_path: Path,
) -> None:
    """sqlite://///x//a.sqlite3 names the same file as sqlite:///x/a.sqlite3."""
    env = {
        **SECURE_PRODUCTION,
        "SAFESPACE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite3",
        "KEYSTORE_DATABASE_URL": f"sqlite:////{tmp_path}//a.sqlite3",
    }
    assert env["KEYSTORE_DATABASE_URL"].startswith("sqlite://///")
    result = run_check(env)
    assert result.returncode != 0
    assert "KEYSTORE_DATABASE_URL names the same database" in result.stderr


def test_production_refuses_a_key_store_in_the_default_case_database(tmp_path: Path) -> None:
    """DATABASE_URL unset means the default SQLite file; naming that file for the keys is one."""
    same_file = f"sqlite:///{tmp_path}//safespace.sqlite3"
    env = {
        **SECURE_PRODUCTION,
        "SAFESPACE_DATA_DIR": str(tmp_path),
        "KEYSTORE_DATABASE_URL": same_file,
    }
    result = run_check(env)
    assert result.returncode != 0
    assert "KEYSTORE_DATABASE_URL names the same database" in result.stderr


def test_good_production_settings_pass() -> None:
    assert insecure_settings(GOOD) == []


def test_each_insecure_setting_is_named_with_a_fix() -> None:
    cases = {
        "SECRET_KEY": "",
        "SAFESPACE_MASTER_KEY": "",
        "SAFESPACE_HR_HASH_KEY": "",
        "SAFESPACE_AUDIT_KEY": "short",
        "SAFESPACE_HASH_KEY": "",
        "KEYSTORE_DATABASE_URL": "",
        "DEBUG": True,
        "ALLOWED_HOSTS": ["*"],
        "SESSION_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SAFESPACE_BASE_URL": "http://127.0.0.1:8000",
    }
    for name, bad in cases.items():
        problems = insecure_settings({**GOOD, name: bad})
        assert len(problems) == 1, name
        assert problems[0].split()[0].strip(".") in {name, "SECURE_COOKIES", "No"}, problems


def test_the_hash_key_has_a_value_of_its_own() -> None:
    """Shared with SECRET_KEY, rotating that would stop every receipt opening its concern."""
    for other in ("SECRET_KEY", "SAFESPACE_HR_HASH_KEY", "SAFESPACE_AUDIT_KEY"):
        problems = insecure_settings({**GOOD, "SAFESPACE_HASH_KEY": GOOD[other]})
        assert len(problems) == 1, other
        assert problems[0].startswith(f"SAFESPACE_HASH_KEY is the same as {other}."), problems


def test_production_refuses_to_start_without_a_hash_key(tmp_path: Path) -> None:
    env = {k: v for k, v in SECURE_PRODUCTION.items() if k != "SAFESPACE_HASH_KEY"}
    result = run_check({**env, "SAFESPACE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SAFESPACE_HASH_KEY is not set" in result.stderr
    assert "SECRET_KEY is" not in result.stderr, "only the hash key should be refused"


def test_the_keys_must_live_apart_from_the_stories() -> None:
    """One database holding both the sealed stories and their keys makes one copy enough."""
    same = [
        "postgres://other_user:other-pw@db.internal:5432/safespace",
        "postgres://app_user@db.internal/safespace",
    ]
    for url in same:
        problems = insecure_settings({**GOOD, "KEYSTORE_DATABASE_URL": url})
        assert len(problems) == 1, url
        assert problems[0].startswith("KEYSTORE_DATABASE_URL names the same database")
    apart = [
        "postgres://app_user:app-pw@db.internal:5432/safespace_keys",
        "postgres://app_user:app-pw@keys.internal:5432/safespace",
        "postgres://app_user:app-pw@db.internal:5433/safespace",
    ]
    for url in apart:
        assert insecure_settings({**GOOD, "KEYSTORE_DATABASE_URL": url}) == [], url


def test_links_in_emails_must_point_at_the_public_https_address() -> None:
    for url in ["", "http://safespace.example.gov.uk", "https://localhost:8000"]:
        problems = insecure_settings({**GOOD, "SAFESPACE_BASE_URL": url})
        assert [p.split()[0] for p in problems] == ["SAFESPACE_BASE_URL"], url


SECURE_PRODUCTION = {
    "SAFESPACE_ENV": "production",
    "SECRET_KEY": "s" * 20 + "-production-check-" + "t" * 20,
    "SAFESPACE_MASTER_KEY": "k1:" + "A" * 43 + "=",
    "SAFESPACE_HR_HASH_KEY": "h" * 20 + "-production-check-" + "r" * 20,
    "SAFESPACE_AUDIT_KEY": "a" * 20 + "-production-check-" + "u" * 20,
    "SAFESPACE_HASH_KEY": "p" * 20 + "-production-check-" + "k" * 20,
    "KEYSTORE_DATABASE_URL": "postgres://keys_user:keys-pw@keys.internal:5432/safespace_keys",
    "ALLOWED_HOSTS": "safespace.example.gov.uk",
    "EMAIL_HOST": "smtp.example.gov.uk",
    "SAFESPACE_BASE_URL": "https://safespace.example.gov.uk",
}


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return manage("check", env=env)


DEVELOPMENT_COMMANDS = ["seed_demo", "demo_code", "demo_sign_ins", "seed_scale"]
DEVELOPMENT_TOOLING = """
import json
from django.conf import settings
from django.core.management import CommandError, call_command, get_commands
from django.test import Client
from django.urls import Resolver404, resolve

try:
    resolve("/bench/ok")
    resolves = True
except Resolver404:
    resolves = False
host = settings.ALLOWED_HOSTS[0]
names = COMMANDS
found = {
    "production": settings.PRODUCTION,
    "installed": "safespace.dev" in settings.INSTALLED_APPS,
    "resolves": resolves,
    "status": Client().get("/bench/ok", secure=True, SERVER_NAME=host).status_code,
    "commands": {name: get_commands().get(name) for name in names},
    "refused": {},
}
if not found["installed"]:
    for name in names:
        try:
            call_command(name)
        except CommandError as error:
            found["refused"][name] = str(error)
print(json.dumps(found))
""".replace("COMMANDS", repr(DEVELOPMENT_COMMANDS))


def tooling(env: dict[str, str]) -> dict[str, Any]:
    """What of the development app these settings install, answer and run, in a fresh process."""
    done = manage("shell", "-v", "0", "-c", DEVELOPMENT_TOOLING, env=env)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_production_does_not_install_the_development_tooling(tmp_path: Path) -> None:
    development = tooling({"SAFESPACE_ENV": "development", "SAFESPACE_DATA_DIR": str(tmp_path)})
    assert not development["production"]
    assert development["installed"] and development["resolves"]
    assert development["status"] == 200
    assert development["commands"] == dict.fromkeys(DEVELOPMENT_COMMANDS, "safespace.dev")

    production = tooling({**SECURE_PRODUCTION, "SAFESPACE_DATA_DIR": str(tmp_path)})
    assert production["production"] and not production["installed"]
    assert not production["resolves"]
    assert production["status"] == 404
    assert production["commands"] == dict.fromkeys(DEVELOPMENT_COMMANDS)
    assert production["refused"] == {n: f"Unknown command: {n!r}" for n in DEVELOPMENT_COMMANDS}


def test_the_bench_serves_the_production_settings_with_its_ceiling_page(tmp_path: Path) -> None:
    # bench/run.py serves the production stack on these settings, so its ceiling page answers.
    bench = tooling(
        {
            **SECURE_PRODUCTION,
            "SAFESPACE_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
        }
    )
    assert bench["production"] and bench["installed"] and bench["resolves"]
    assert bench["status"] == 200
    assert bench["commands"] == dict.fromkeys(DEVELOPMENT_COMMANDS, "safespace.dev")


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
    assert (tmp_path / "hash_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_shared_key_store(tmp_path: Path) -> None:
    env = {k: v for k, v in SECURE_PRODUCTION.items() if k != "KEYSTORE_DATABASE_URL"}
    result = run_check({**env, "SAFESPACE_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "KEYSTORE_DATABASE_URL is not set" in result.stderr
    assert "Set KEYSTORE_DATABASE_URL to a separate database" in result.stderr
    assert "SECRET_KEY" not in result.stderr, "only the key store should be refused"


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


READ_PRAGMAS = """
import json
import django
django.setup()
from django.db import connections
pragmas = {}
for alias in ("default", "keys"):
    with connections[alias].cursor() as cursor:
        pragmas[alias] = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "busy_timeout")
        }
print(json.dumps(pragmas))
"""


def test_sqlite_in_the_data_directory_is_the_default_with_wal_and_full_sync(
    tmp_path: Path,
) -> None:
    env = {"SAFESPACE_ENV": "test", "SAFESPACE_DATA_DIR": str(tmp_path)}
    databases = read_settings(env, "DATABASES")["DATABASES"]
    for alias, filename in [("default", "safespace.sqlite3"), ("keys", "keys.sqlite3")]:
        database = databases[alias]
        assert database["ENGINE"] == "django.db.backends.sqlite3", alias
        assert database["NAME"] == str(tmp_path / filename), alias
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE", alias
    pragmas = python(READ_PRAGMAS, env=env)
    for alias in ("default", "keys"):
        assert pragmas[alias]["journal_mode"] == "wal", alias
        assert pragmas[alias]["synchronous"] == 2, alias  # FULL
        assert pragmas[alias]["busy_timeout"] >= 1000, alias


def test_database_url_chooses_postgresql_with_health_checked_connections(
    tmp_path: Path,
) -> None:
    env = {
        "SAFESPACE_ENV": "test",
        "SAFESPACE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://cases_user:cases-pw@db.internal:5433/safespace",
        "KEYSTORE_DATABASE_URL": "postgres://keys_user:keys-pw@keys.internal:5432/safespace_keys",
    }
    databases = read_settings(env, "DATABASES")["DATABASES"]
    cases, keys = databases["default"], databases["keys"]
    assert cases["ENGINE"] == keys["ENGINE"] == "django.db.backends.postgresql"
    assert (cases["NAME"], cases["USER"], cases["PASSWORD"], cases["HOST"], cases["PORT"]) == (
        "safespace",
        "cases_user",
        "cases-pw",
        "db.internal",
        5433,
    )
    assert (keys["NAME"], keys["USER"], keys["HOST"]) == (
        "safespace_keys",
        "keys_user",
        "keys.internal",
    )
    assert cases["CONN_MAX_AGE"] == 60
    assert cases["CONN_HEALTH_CHECKS"] is True
    assert "init_command" not in cases.get("OPTIONS", {})


def test_the_master_key_can_come_from_a_secret_file(tmp_path: Path) -> None:
    key = "file-1:" + base64.b64encode(b"f" * 32).decode()
    secret = tmp_path / "master_key_secret"
    secret.write_text(key + "\n")
    given = {"SAFESPACE_DATA_DIR": str(tmp_path / "data"), "SAFESPACE_MASTER_KEY_FILE": str(secret)}
    testing = read_settings({**given, "SAFESPACE_ENV": "test"}, "SAFESPACE_MASTER_KEY")
    assert testing == {"SAFESPACE_MASTER_KEY": key}
    assert not (tmp_path / "data" / "master_key").exists(), "no development key is made"
    # Production starts with the key from the file alone (read_settings fails on a refusal).
    production = {k: v for k, v in SECURE_PRODUCTION.items() if k != "SAFESPACE_MASTER_KEY"}
    started = read_settings({**production, **given}, "SAFESPACE_MASTER_KEY")
    assert started == {"SAFESPACE_MASTER_KEY": key}


def test_debug_is_off_unless_a_developer_turns_it_on(tmp_path: Path) -> None:
    data = {"SAFESPACE_DATA_DIR": str(tmp_path)}

    def debug(env: dict[str, str]) -> bool:
        return bool(read_settings({**data, **env}, "DEBUG")["DEBUG"])

    assert debug({"SAFESPACE_ENV": "development"}) is False
    assert debug({"SAFESPACE_ENV": "development", "DEBUG": "true"}) is True
    assert debug({"SAFESPACE_ENV": "test", "DEBUG": "true"}) is False
    assert debug({**SECURE_PRODUCTION, "DEBUG": "true"}) is False


def test_email_settings_come_from_the_environment(tmp_path: Path) -> None:
    password_file = tmp_path / "email_password"
    password_file.write_text("from-a-secret-file\n")
    env = {
        "SAFESPACE_ENV": "development",
        "SAFESPACE_DATA_DIR": str(tmp_path),
        "EMAIL_HOST": "smtp.council.example",
        "EMAIL_PORT": "2525",
        "EMAIL_HOST_USER": "safespace-mailer",
        "EMAIL_HOST_PASSWORD_FILE": str(password_file),
        "EMAIL_USE_TLS": "false",
        "DEFAULT_FROM_EMAIL": "Safe Space <no-reply@council.example>",
    }
    names = [
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
        "SERVER_EMAIL",
    ]
    assert read_settings(env, *names) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.council.example",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "safespace-mailer",
        "EMAIL_HOST_PASSWORD": "from-a-secret-file",
        "EMAIL_USE_TLS": False,
        "DEFAULT_FROM_EMAIL": "Safe Space <no-reply@council.example>",
        "SERVER_EMAIL": "Safe Space <no-reply@council.example>",
    }


def test_email_is_printed_in_development_without_a_host_and_kept_in_memory_in_tests(
    tmp_path: Path,
) -> None:
    data = {"SAFESPACE_DATA_DIR": str(tmp_path)}
    development = read_settings({**data, "SAFESPACE_ENV": "development"}, "EMAIL_BACKEND")
    assert development["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    testing = {**data, "SAFESPACE_ENV": "test", "EMAIL_HOST": "smtp.council.example"}
    assert read_settings(testing, "EMAIL_BACKEND")["EMAIL_BACKEND"] == (
        "django.core.mail.backends.locmem.EmailBackend"
    )


def test_only_the_test_suite_hashes_passwords_with_a_fast_hasher(tmp_path: Path) -> None:
    argon2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    for env in (
        {**SECURE_PRODUCTION, "SAFESPACE_DATA_DIR": str(tmp_path)},
        {"SAFESPACE_ENV": "development", "SAFESPACE_DATA_DIR": str(tmp_path)},
    ):
        assert read_settings(env, "PASSWORD_HASHERS")["PASSWORD_HASHERS"] == argon2
    test = {"SAFESPACE_ENV": "test", "SAFESPACE_DATA_DIR": str(tmp_path)}
    assert read_settings(test, "PASSWORD_HASHERS")["PASSWORD_HASHERS"] != argon2
