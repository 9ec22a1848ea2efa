"""Decompress settings: one module, every deploy-time choice read from the environment.

Development defaults are safe: DEBUG is off unless DJANGO_DEBUG=1, and the HTTPS-only
settings follow DJANGO_HTTPS (on whenever DEBUG is off, unless switched off for a plain
HTTP local server such as `make run`).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# --- Core -------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)

# Runtime files (SQLite database, generated secret key) live outside the tracked tree, in
# a folder that is the owner's alone (0700): one made by an older version, or by a shell's
# umask, is closed to others here.
DATA_DIR = Path(os.environ.get("DECOMPRESS_DATA_DIR", BASE_DIR / "var"))
if DATA_DIR.is_dir():
    _data_dir_mode = DATA_DIR.stat()
    if _data_dir_mode.st_mode & 0o077 and _data_dir_mode.st_uid == os.getuid():
        DATA_DIR.chmod(0o700)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    # No key in the environment: keep a generated one in an untracked file (0600).
    secret_file = DATA_DIR / "secret_key"
    if not secret_file.exists():
        DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it a moment ago
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    SECRET_KEY = secret_file.read_text().strip()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "decompress",
    "screening",
    "sessions.apps.GuidedSessionsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of ours, so it sees every response but static files (see its docstring).
    "decompress.middleware.PrivateByDefaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF: it reads the raw body, which a multipart parse would consume.
    "decompress.middleware.FormInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "decompress.timezones.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "decompress.middleware.HtmxLogInMiddleware",
    "decompress.middleware.ErrorPageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "decompress.urls"
WSGI_APPLICATION = "decompress.wsgi.application"

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
                "django.template.context_processors.csp",
                "sessions.context_processors.safety",
                "screening.context_processors.screening_choices",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static"],
        },
    }
]

# --- Database ---------------------------------------------------------------------------
# SQLite by default (WAL, a busy timeout, IMMEDIATE transactions so concurrent writers wait
# instead of failing); PostgreSQL for anyone who sets DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=None, conn_health_checks=True)
    }
else:
    SQLITE_PATH = Path(os.environ.get("DECOMPRESS_SQLITE_PATH", DATA_DIR / "decompress.sqlite3"))
    # Health data: the file is the owner's alone. SQLite gives its -wal and -shm files the
    # mode of the database file, so creating that one 0600 covers all three.
    SQLITE_PATH.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(SQLITE_PATH, os.O_WRONLY | os.O_CREAT, 0o600))
    for sqlite_file in (SQLITE_PATH, *SQLITE_PATH.parent.glob(SQLITE_PATH.name + "-*")):
        mode = sqlite_file.stat()
        if mode.st_mode & 0o077 and mode.st_uid == os.getuid():
            sqlite_file.chmod(0o600)  # a file made by an older version, before this rule
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests run on a file as well, not on pytest-django's in-memory database: there
            # the browser tests' live server shares one connection between its request
            # threads, and a page's poll reading while a tap writes fails at once with
            # "database table is locked". A file locks as production does (WAL, timeout).
            "TEST": {
                "NAME": os.environ.get("DECOMPRESS_SQLITE_TEST_PATH")
                or str(SQLITE_PATH.parent / "test.sqlite3")
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and shared counters ----------------------------------------------------------
# Every gunicorn worker must see the same login-failure and sign-up counts, so no cache here
# is per process. With REDIS_URL: Redis holds the cache, the sign-up, reset and mail limits
# and (in front of the database) the sessions, as a cache only: when it fails, the database
# does all of it (decompress.redis_guard). Without it: the database does, which needs
# nothing but Python (the cache table is created by a migration). Failed log-ins are
# always counted in the database (axes' database handler): a lock-out must not depend on
# a cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_CACHE_TABLE = "decompress_cache"  # made by a migration, with or without REDIS_URL
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "decompress.cache.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    RATE_LIMIT_STORAGE = REDIS_URL  # limits' own Redis storage (atomic counters)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
        }
    }
    RATE_LIMIT_STORAGE = "django-db://"  # decompress.throttle's storage on the database

# --- Accounts ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the account's settings (its time zone) with the user.
    "decompress.timezones.SettingsBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures for one username from one address lock it for 15 minutes.
# Every password check goes through authenticate() so that it counts (login, password
# change, account deletion); the lock is never keyed on the username alone, which would let
# anyone lock a victim out.
AXES_FAILURE_LIMIT = int(os.environ.get("DECOMPRESS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Sign-up attempts per client address (limits' notation: "10/hour", "3/minute"), so that
# usernames cannot be tried at speed.
SIGNUP_RATE_LIMIT = os.environ.get("DECOMPRESS_SIGNUP_RATE_LIMIT", "10/hour")

# The client address axes and the sign-up limit count by: the TCP peer, or behind
# DJANGO_PROXY_COUNT trusted proxies the X-Forwarded-For entry the outermost of them wrote
# (see decompress.throttle.client_address).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "1")) if BEHIND_PROXY else 0
AXES_CLIENT_IP_CALLABLE = "decompress.throttle.client_address"

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# Password reset (decompress.password_reset): a link works once, for one hour, and is mailed
# only to a confirmed address of exactly one account. Requests are limited per address and
# per client address; over either limit the page looks the same and nothing is sent.
PASSWORD_RESET_TIMEOUT = 60 * 60
RESET_ADDRESS_RATE_LIMIT = os.environ.get("DECOMPRESS_RESET_RATE_LIMIT", "3/hour")
RESET_CLIENT_RATE_LIMIT = os.environ.get("DECOMPRESS_RESET_CLIENT_RATE_LIMIT", "10/hour")
# Confirmation links mailed per account (sign-up, a changed address, "send it again").
CONFIRM_MAIL_RATE_LIMIT = os.environ.get("DECOMPRESS_CONFIRM_MAIL_RATE_LIMIT", "5/hour")

# --- Product rules ----------------------------------------------------------------------
SCREENING_VALID_DAYS = int(os.environ.get("SCREENING_VALID_DAYS", "30"))
SESSION_ABANDON_MINUTES = int(os.environ.get("SESSION_ABANDON_MINUTES", "30"))

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DECOMPRESS_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security ---------------------------------------------------------------------------
# A strict policy: nothing inline, scripts only from here and by nonce (htmx's tag).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
CSRF_FAILURE_VIEW = "decompress.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# HTTPS-only settings have their own switch, so a plain-HTTP local server can still log in.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Email ------------------------------------------------------------------------------
# Django's MAILERS (the EMAIL_* settings are deprecated since 6.1). With DJANGO_EMAIL_HOST,
# mail goes out by SMTP (STARTTLS, or TLS from the start on port 465). Without it, a local
# server (DEBUG, or plain HTTP as `make run` serves) prints mail on its console, so it needs
# nothing; a production server hands mail to the machine's own mail server (localhost:25,
# Django's long-standing default), never to the console, where reset links would land in
# the logs.
EMAIL_SMTP_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
if EMAIL_SMTP_HOST or HTTPS:
    _smtp_port = int(os.environ.get("DJANGO_EMAIL_PORT", "587" if EMAIL_SMTP_HOST else "25"))
    _smtp_ssl = env_bool("DJANGO_EMAIL_USE_SSL", _smtp_port == 465)
    _smtp_tls = env_bool("DJANGO_EMAIL_USE_TLS", bool(EMAIL_SMTP_HOST) and not _smtp_ssl)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_SMTP_HOST or "localhost",
                "port": _smtp_port,
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_ssl": _smtp_ssl,
                "use_tls": _smtp_tls,
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Decompress <decompress@localhost>"
)

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
