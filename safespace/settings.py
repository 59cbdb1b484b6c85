"""Django settings for Safe Space, read from the environment.

SAFESPACE_ENV chooses the mode: "production" (the default, so a forgotten variable fails
safe), "development" (what `make run` uses) or "test". Production refuses to start on an
insecure setting; see safespace/lib/production.py.
"""

from __future__ import annotations

import base64
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from safespace.lib.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    local_secret,
    secret_from_env_or_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_str("SAFESPACE_ENV", "production")
if ENVIRONMENT not in {"production", "development", "test"}:
    raise ImproperlyConfigured(
        f"SAFESPACE_ENV must be production, development or test, not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"
DEVELOPMENT = ENVIRONMENT == "development"
TESTING = ENVIRONMENT == "test"

DATA_DIR = Path(env_str("SAFESPACE_DATA_DIR", str(BASE_DIR / "data")))

# Off even under `make run`: Django's debug page shows what was typed and lists every address.
# A developer who wants it sets DEBUG=true; it is never on outside development.
DEBUG = DEVELOPMENT and env_bool("DEBUG", False)

# --- Secrets -------------------------------------------------------------------------------

SECRET_KEY = secret_from_env_or_file("SECRET_KEY")
if not SECRET_KEY and not PRODUCTION:
    SECRET_KEY = local_secret(DATA_DIR / "secret_key")
# Earlier values of SECRET_KEY, comma-separated, after rotating it the way Django documents:
# sessions and signed values made under them still verify, and so do the receipt look-ups,
# backup codes and email records kept before each keyed hash had its own key (decision 0008).
SECRET_KEY_FALLBACKS = [
    value.strip()
    for value in secret_from_env_or_file("SECRET_KEY_FALLBACKS").split(",")
    if value.strip()
]


def _new_master_key() -> str:
    return "dev-1:" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


# The key-encryption keys that wrap each case's data key, "id:base64key" separated by commas;
# the first wraps new keys, the rest can still unwrap until `rotate_master_key` has run.
SAFESPACE_MASTER_KEY = secret_from_env_or_file("SAFESPACE_MASTER_KEY")
if not SAFESPACE_MASTER_KEY and not PRODUCTION:
    SAFESPACE_MASTER_KEY = local_secret(DATA_DIR / "master_key", _new_master_key)

# The key of the keyed hash (HMAC) that stands for an employee number in the retaliation
# tripwire. Employee numbers are short, so an unkeyed hash in a dump could be reversed by
# trying them all; kept out of the database, it cannot.
SAFESPACE_HR_HASH_KEY = secret_from_env_or_file("SAFESPACE_HR_HASH_KEY")
if not SAFESPACE_HR_HASH_KEY and not PRODUCTION:
    SAFESPACE_HR_HASH_KEY = local_secret(DATA_DIR / "hr_hash_key")

# The root of the keyed hashes that find things again without keeping them (receipt look-ups,
# raisers' links, pattern marks, backup codes, sent-email records, rate-limit counters): each
# purpose has its own key derived from it (safespace/lib/keyed.py), none from SECRET_KEY, so
# rotating SECRET_KEY breaks none of them. Never change it on a running service.
SAFESPACE_HASH_KEY = secret_from_env_or_file("SAFESPACE_HASH_KEY")
if not SAFESPACE_HASH_KEY and not PRODUCTION:
    SAFESPACE_HASH_KEY = local_secret(DATA_DIR / "hash_key")

# The key of the audit chain's links (HMAC-SHA-256), kept out of the database like the master
# key: someone who can write the case database cannot forge a link without it. Never change it
# on a running service: every existing link would stop verifying.
SAFESPACE_AUDIT_KEY = secret_from_env_or_file("SAFESPACE_AUDIT_KEY")
if not SAFESPACE_AUDIT_KEY and not PRODUCTION:
    SAFESPACE_AUDIT_KEY = local_secret(DATA_DIR / "audit_key")

# --- Hosts and HTTPS -----------------------------------------------------------------------

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", PRODUCTION) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP inside the network
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# Only marks the header as preload-ready; submitting the domain to browsers is a separate step.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Applications --------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "safespace.accounts",
    "safespace.public",
    "safespace.audit",
    "safespace.keystore",
    "safespace.cases",
    "safespace.champions",
    "safespace.aftercare",
    "safespace.actions",
    "safespace.insights",
    "safespace.configuration",
    "safespace.concerns",
    "safespace.directory",
    "safespace.worker",
    "safespace.notifications",
    "safespace.tripwire",
    "safespace.dataprotection",
    "safespace.api",
]
# The demo, the scale seeding and the bench's page (safespace/dev/): never in production, where
# the demo's published passwords and a page that answers anyone have no place.
if not PRODUCTION:
    INSTALLED_APPS.append("safespace.dev")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that can refuse a request (a bad Host header is refused by
    # CommonMiddleware), so every answer, refusals included, carries the security headers.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "safespace.lib.middleware.SecurityHeadersMiddleware",
    "safespace.lib.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # English or Welsh, from the language cookie the switcher sets, else the browser's choice.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "safespace.lib.middleware.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safespace.accounts.oidc.ProviderFactorMiddleware",
    "safespace.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safespace.policy.PolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "safespace.lib.busy.DatabaseBusyMiddleware",
    "safespace.keystore.integrity.SealBrokenMiddleware",
    # Last: it runs the view itself, inside the transaction that spends the form's token.
    "safespace.accounts.once.OnceMiddleware",
]

# W003 looks for Django's own CSRF middleware by name; ours subclasses it (see
# safespace/lib/middleware.py, and the test that a post without the token is refused).
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "safespace.urls"
WSGI_APPLICATION = "safespace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "safespace.lib.context_processors.service",
                "safespace.public.context_processors.network",
            ],
        },
    },
]

# --- Databases -----------------------------------------------------------------------------


# How long a write waits for SQLite's one write lock before giving up (safespace/lib/busy.py).
SQLITE_BUSY_SECONDS = 20


def _database(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers work during a write; FULL makes every commit durable.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000};"
            ),
            "timeout": SQLITE_BUSY_SECONDS,
            # Take the write lock at BEGIN so concurrent writers queue instead of failing.
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": _database(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'safespace.sqlite3'}")),
    # The wrapped case keys live apart from the cases, so a copy of the case database alone
    # holds no usable key (see safespace/keystore).
    "keys": _database(env_str("KEYSTORE_DATABASE_URL", f"sqlite:///{DATA_DIR / 'keys.sqlite3'}")),
}
DATABASE_ROUTERS = ["safespace.keystore.router.KeystoreRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in ------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "safespace.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "public:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
if TESTING:
    # Argon2 is slow on purpose, and the suite makes hundreds of accounts. The tests whose
    # subject is the hashing put Argon2 back with override_settings.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after 5 failures for one account from one address, for 15 minutes. Counters live in
# the shared cache (database or Redis) so every worker sees them, under hashed keys.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Its log lines would otherwise carry the email, address and browser of whoever tried.
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "safespace.accounts.axes_client.describe_client"
# Behind the proxy, lock out by the person's own address, not the proxy's (lib/addresses.py).
AXES_CLIENT_IP_CALLABLE = "safespace.lib.addresses.client_address"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Safe Space")

# --- Sign-in with the organisation's OpenID provider (safespace/accounts/oidc.py) -----------

# The issuer, such as https://login.microsoftonline.com/<tenant id>/v2.0 for Entra ID; its
# discovery document is read from <issuer>/.well-known/openid-configuration. Unset (the
# default), staff sign in with a password and a code only and the sign-in page offers nothing
# else.
SAFESPACE_OIDC_ISSUER = env_str("SAFESPACE_OIDC_ISSUER").rstrip("/")
SAFESPACE_OIDC_CLIENT_ID = env_str("SAFESPACE_OIDC_CLIENT_ID")
SAFESPACE_OIDC_CLIENT_SECRET = secret_from_env_or_file("SAFESPACE_OIDC_CLIENT_SECRET")
# What the sign-in page's button calls the provider ("Sign in with ...").
SAFESPACE_OIDC_PROVIDER_NAME = env_str("SAFESPACE_OIDC_PROVIDER_NAME", "your organisation account")
# The claim holding the address an account is found by, and, for a provider that does not say
# whether it verified the address (Entra ID), the domains the organisation owns there.
SAFESPACE_OIDC_EMAIL_CLAIM = env_str("SAFESPACE_OIDC_EMAIL_CLAIM", "email")
SAFESPACE_OIDC_EMAIL_DOMAINS = [d.lower() for d in env_list("SAFESPACE_OIDC_EMAIL_DOMAINS")]
# Whether the provider's word that it asked for a second factor (amr containing "mfa") stands
# in for the service's own code. Off by default: the service then asks for its code as well.
SAFESPACE_OIDC_MFA_COUNTS = env_bool("SAFESPACE_OIDC_MFA_COUNTS", False)
# Who may still sign in with a password and code: "everyone" (the default) or "administrators"
# (break-glass only, once everyone else signs in through the provider).
SAFESPACE_LOCAL_SIGN_IN = env_str("SAFESPACE_LOCAL_SIGN_IN", "everyone")
if SAFESPACE_LOCAL_SIGN_IN not in {"everyone", "administrators"}:
    raise ImproperlyConfigured(
        f"SAFESPACE_LOCAL_SIGN_IN must be everyone or administrators, not {SAFESPACE_LOCAL_SIGN_IN!r}."
    )
if SAFESPACE_OIDC_ISSUER and not (SAFESPACE_OIDC_CLIENT_ID and SAFESPACE_OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "SAFESPACE_OIDC_ISSUER is set but SAFESPACE_OIDC_CLIENT_ID or "
        "SAFESPACE_OIDC_CLIENT_SECRET is not: register the service with the provider and set both."
    )

# --- Sessions and cookies ------------------------------------------------------------------

SESSION_ENGINE = "safespace.lib.sessions"
SESSION_COOKIE_AGE = 30 * 60  # idle expiry: renewed on each request
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "safespace.public.views.csrf_failure"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The __Host- prefix pins a cookie to this exact host over HTTPS; plain names in development.
COOKIE_PREFIX = "__Host-" if SESSION_COOKIE_SECURE else ""
SESSION_COOKIE_NAME = f"{COOKIE_PREFIX}safespace_session"
CSRF_COOKIE_NAME = f"{COOKIE_PREFIX}safespace_csrf"
SAFESPACE_DRAFT_COOKIE = f"{COOKIE_PREFIX}safespace_draft"
# The language chosen with the switcher (English or Cymraeg): functional, never tracking. It
# lasts until the browser closes, like the session, so a shared computer keeps no sign of a
# visit beyond it.
LANGUAGE_COOKIE_NAME = f"{COOKIE_PREFIX}safespace_language"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_PATH = "/"
LANGUAGE_COOKIE_AGE = None
# Confirmations ("SS-4K7P is now with Priya") name cases and people: keep them server-side in
# the session rather than in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Caches (lockout counters, rate limits) -------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "safespace_cache",
        }
    }

# --- Content Security Policy ---------------------------------------------------------------

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- Email ---------------------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = secret_from_env_or_file("EMAIL_HOST_PASSWORD")
# STARTTLS on the submission port, or TLS from the first byte (EMAIL_USE_SSL, port 465).
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Safe Space <safespace@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# GOV.UK Notify instead of SMTP when its key is set: one Notify template whose subject is
# ((subject)) and body ((body)) (see safespace/notifications/notify.py).
NOTIFY_API_KEY = secret_from_env_or_file("NOTIFY_API_KEY")
NOTIFY_TEMPLATE_ID = env_str("NOTIFY_TEMPLATE_ID")
NOTIFY_API_URL = env_str("NOTIFY_API_URL", "https://api.notifications.service.gov.uk")
if NOTIFY_API_KEY and not NOTIFY_TEMPLATE_ID:
    raise ImproperlyConfigured(
        "NOTIFY_API_KEY is set but NOTIFY_TEMPLATE_ID is not. Make an email template in GOV.UK "
        "Notify with the subject ((subject)) and the body ((body)), and set NOTIFY_TEMPLATE_ID "
        "to its id."
    )
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif NOTIFY_API_KEY:
    EMAIL_BACKEND = "safespace.notifications.notify.NotifyEmailBackend"
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Every email links here, and only here: the service's front door.
SAFESPACE_BASE_URL = env_str("SAFESPACE_BASE_URL", "http://127.0.0.1:8000")

# --- Background tasks (matching, reminders, check-ins, pruning) ----------------------------

# Queued in the database and run by `manage.py worker` (safespace/worker), which also queues the
# scheduled jobs; tests run the same worker with --batch, so what they prove is what production
# does.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task RUNNING this long has lost its worker and is queued again (every task is safe to rerun).
SAFESPACE_TASK_STALE_AFTER = env_int("SAFESPACE_TASK_STALE_AFTER", 15 * 60)

# --- Static files --------------------------------------------------------------------------

STATIC_URL = "/static/"
# collectstatic gathers files here for production; development serves them from the finders.
STATIC_ROOT = BASE_DIR / "build" / "collected" if PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "build" / "static", BASE_DIR / "safespace" / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Internationalisation ------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
# English, and Welsh for everything a raiser sees (docs/translation.md says what is covered).
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- The organisation running this service --------------------------------------------------

SAFESPACE_ORGANISATION = env_str("SAFESPACE_ORGANISATION", "Example Borough Council")
SAFESPACE_PHASE = env_str("SAFESPACE_PHASE", "Beta")
SAFESPACE_CONTACT_EMAIL = env_str("SAFESPACE_CONTACT_EMAIL", "safespace@example.org")
# The privacy notice names the controller and lawful bases; the organisation supplies them.
SAFESPACE_CONTROLLER = env_str("SAFESPACE_CONTROLLER", SAFESPACE_ORGANISATION)
SAFESPACE_DPO_CONTACT = env_str("SAFESPACE_DPO_CONTACT", "dpo@example.org")
SAFESPACE_LAWFUL_BASIS = env_str(
    "SAFESPACE_LAWFUL_BASIS",
    "UK GDPR Article 6(1)(e): a task carried out in the public interest "
    "(our duties as an employer, including the Public Sector Equality Duty)",
)
SAFESPACE_SPECIAL_CATEGORY_CONDITION = env_str(
    "SAFESPACE_SPECIAL_CATEGORY_CONDITION",
    "UK GDPR Article 9(2)(b) with Data Protection Act 2018 Schedule 1, Part 1, paragraph 1 "
    "(employment obligations), and Schedule 1, Part 2, paragraph 8 (equality of opportunity "
    "or treatment)",
)
# Where "Exit this page" goes: somewhere ordinary that gives nothing away.
SAFESPACE_EXIT_URL = env_str("SAFESPACE_EXIT_URL", "https://www.bbc.co.uk/weather")
# Working days (England and Wales) within which a champion should first make contact.
SAFESPACE_FIRST_CONTACT_DAYS = env_int("SAFESPACE_FIRST_CONTACT_DAYS", 2)
# How many proxies in front of the service append to X-Forwarded-For (concerns/ratelimit.py).
SAFESPACE_TRUSTED_PROXIES = env_int(
    "SAFESPACE_TRUSTED_PROXIES", 1 if SECURE_PROXY_SSL_HEADER is not None else 0
)
# Calls to the API (/api/v1/) one address, or one token, may make in a minute.
SAFESPACE_API_CALLS_PER_MINUTE = env_int("SAFESPACE_API_CALLS_PER_MINUTE", 120)
# The lead's workload view flags a case and a champion's month past these many hours.
SAFESPACE_CASE_HOURS_THRESHOLD = env_int("SAFESPACE_CASE_HOURS_THRESHOLD", 20)
SAFESPACE_CHAMPION_MONTHLY_HOURS = env_int("SAFESPACE_CHAMPION_MONTHLY_HOURS", 15)
# Concerns naming the same person or team within this many months are a pattern for the lead.
SAFESPACE_PATTERN_MONTHS = env_int("SAFESPACE_PATTERN_MONTHS", 12)
# Months after closing when the raiser is asked whether anything has happened since.
SAFESPACE_CHECKIN_MONTHS = [int(m) for m in env_str("SAFESPACE_CHECKIN_MONTHS", "1,3,6").split(",")]
# How long after a concern closes an HR process starting against its raiser (who agreed to be
# watched for one) still alerts the lead and the Director of Wellbeing.
SAFESPACE_TRIPWIRE_MONTHS = env_int("SAFESPACE_TRIPWIRE_MONTHS", 12)
# People without case access see counts below this as "fewer than N" (insights/disclosure.py).
SAFESPACE_DISCLOSURE_THRESHOLD = env_int("SAFESPACE_DISCLOSURE_THRESHOLD", 5)
if SAFESPACE_DISCLOSURE_THRESHOLD < 3:
    raise ImproperlyConfigured(
        "SAFESPACE_DISCLOSURE_THRESHOLD must be at least 3: smaller figures could identify "
        f"someone. It is {SAFESPACE_DISCLOSURE_THRESHOLD}."
    )
SAFESPACE_ACCESSIBILITY_TESTED = env_str("SAFESPACE_ACCESSIBILITY_TESTED", "24 November 2026")

# --- Logging: never request bodies, never addresses ----------------------------------------

# Error pages and error emails hide every form value, cookie and marked variable, DEBUG or not.
DEFAULT_EXCEPTION_REPORTER_FILTER = "safespace.lib.confidential.ConfidentialReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # The development server logs each request's address; keep it quiet.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        # The PDF library reports each step of every report it draws; only problems matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if PRODUCTION:
    from safespace.lib.production import check_production_settings

    check_production_settings(globals())
