"""Settings, read from the environment (django-environ). See README for the variables."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.errors import init_error_reporting
from config.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-insecure-huanjie-key-do-not-use-in-production"  # noqa: S105

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Off unless asked for: a deployment that forgot its settings refuses to serve (config/wsgi.py) and
# every command warns (huanjie.W002) instead of serving debug pages. Tools that need no secret
# (makemigrations, compilemessages) still run. `make run` and `make test` turn it on.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
# The development key or .env.example's placeholder: refused in production like no key at all.
SECRET_KEY_IS_PLACEHOLDER = SECRET_KEY == DEV_SECRET_KEY or SECRET_KEY.startswith("change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address printed on public notices, e.g. https://huanjie.example.org (no trailing slash).
# Unset: https:// and the first ALLOWED_HOSTS entry that names one host (the dev server in DEBUG).
_HOSTS = [h for h in ALLOWED_HOSTS if h and h[0] not in ".*"]
PUBLIC_BASE_URL = env.str(
    "PUBLIC_BASE_URL",
    default="http://localhost:8000" if DEBUG else (f"https://{_HOSTS[0]}" if _HOSTS else ""),
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    # The job queue's tables and its `procrastinate` command; migrated on PostgreSQL only.
    "procrastinate.contrib.django",
    "branches",
    "members",
    "elections",
]

MIDDLEWARE = [
    # X-Huanjie-Node on every response when NODE_NAME is set (several app nodes).
    "config.middleware.NodeNameMiddleware",
    # /healthz before host validation and the HTTPS redirect (config.health), then the request id
    # that every later log line carries.
    "config.health.HealthCheckMiddleware",
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.PageContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Names the user behind each model history row (branches.history).
    "branches.history.HistoryActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# This app node's name, sent as X-Huanjie-Node on every response (off while empty): which of
# several nodes behind one proxy served a request (`make cluster-check` checks they take turns).
NODE_NAME = env.str("NODE_NAME", default="")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "branches.context_processors.navigation",
                "elections.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# A persistent connection the database dropped (restart, idle timeout) is replaced before the
# request uses it, rather than failing the first request on each worker with a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A job in a thread of the web process (JOBS_BACKEND "thread") writes while requests do: a
    # transaction takes the write lock when it begins (IMMEDIATE) and waits up to 20 s for it,
    # rather than failing with "database is locked" when a read-then-write transaction meets
    # another writer (SQLite cannot wait in that case).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Procrastinate's migrations are PostgreSQL SQL: skipped on SQLite (config/routers.py).
DATABASE_ROUTERS = ["config.routers.PostgresOnlyMigrations"]
# A streaming replica of the primary: the dashboard, boards, statistics and exports read from it
# (config/routers.py: writes and every read in a transaction stay on the primary). In tests it
# mirrors the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS.append("config.routers.ReplicaReads")

# Background jobs (config/queue.py): imports, mail, reminders, clean-ups. "queue" - Procrastinate
# on PostgreSQL, run by `manage.py run_worker` (retries, periodic jobs, several nodes); "thread" -
# after the commit, in a thread of the web process (SQLite, `make run`); "inline" - after the
# commit, in the caller (tests). Default: queue on PostgreSQL, thread on SQLite.
_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
JOBS_BACKEND = env.str("JOBS_BACKEND", default="queue" if _POSTGRES else "thread")
if JOBS_BACKEND not in ("queue", "thread", "inline") or (JOBS_BACKEND == "queue" and not _POSTGRES):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("JOBS_BACKEND: queue (PostgreSQL only), thread or inline")
# A worker beats every JOBS_HEARTBEAT_SECONDS; one silent for JOBS_STALLED_AFTER_SECONDS is taken
# for dead: its running jobs are retried (an import is then marked failed, never half-applied).
JOBS_HEARTBEAT_SECONDS = env.int("JOBS_HEARTBEAT_SECONDS", default=10)
JOBS_STALLED_AFTER_SECONDS = env.int("JOBS_STALLED_AFTER_SECONDS", default=30)
# Uploaded import files (with ID numbers) are deleted this many days after the upload.
IMPORT_FILES_KEEP_DAYS = env.int("IMPORT_FILES_KEEP_DAYS", default=30)
# Exported files (rosters with ID numbers) are deleted this many days after the export.
EXPORT_FILES_KEEP_DAYS = env.int("EXPORT_FILES_KEEP_DAYS", default=7)
# A campaign's ledger (台账) of at most this many branches downloads at once; a larger one is
# made by the job worker (an export with its progress page).
CAMPAIGN_LEDGER_DIRECT_MAX = env.int("CAMPAIGN_LEDGER_DIRECT_MAX", default=200)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

# Failed-login throttling: 5 failures lock the username for 30 minutes (per user and address).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Per-client limits (the lockout above, the public objection page) key on the address from
# branches.client.client_ip: the number of reverse proxies in front of the app that append to
# X-Forwarded-For. 0 = none, REMOTE_ADDR is the client; 1 = one nginx. AXES_PROXY_COUNT is the
# former name, still read when TRUSTED_PROXY_COUNT is not set.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))
AXES_CLIENT_IP_CALLABLE = "branches.client.client_ip"
# Searches of the roster (?q=) one user may make in a minute (branches.throttle), counted in the
# cache below. The default cache is per process: each gunicorn worker counts alone. A shared cache
# counts once for all: CACHE_URL=redis://host:6379/0 (docker-compose.yml's redis; Django's own
# RedisCache) or CACHE_URL=dbcache://huanjie_cache after `manage.py createcachetable`. The cache
# also holds figures (branches.cached) that a per-process cache lets lag in the other processes.
ROSTER_SEARCHES_PER_MINUTE = env.int("ROSTER_SEARCHES_PER_MINUTE", default=60)
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
try:  # Bootstrap comes from the XStatic-Bootstrap package on PyPI, never from a CDN.
    import xstatic.pkg.bootstrap as _bootstrap

    STATICFILES_DIRS.append(("bootstrap", _bootstrap.BASE_DIR))
except ImportError:  # pragma: no cover - reported by the system check
    pass
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# An import file is at most this big; a 10,000-member sheet is about 1 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file uploaded to a renewal's record (work report, pledge): a PDF or an image up to this size.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=10)
MEMBER_IMPORT_MAX_BYTES = env.int("MEMBER_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
# A county's roster at once (issue 16: a county of the province has about 20,000 members).
MEMBER_IMPORT_MAX_ROWS = env.int("MEMBER_IMPORT_MAX_ROWS", default=100_000)
# An upload is refused before it is parsed when it would inflate past these (members/archive.py).
# A 100,000-row sheet written by openpyxl (6.8 MB) inflates to about 80 MB at 12:1; Excel keeps
# the text in shared strings instead, an estimated 10 MB for as many rows.
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=160 * 1024 * 1024)
IMPORT_MAX_SHARED_STRINGS_BYTES = env.int(
    "IMPORT_MAX_SHARED_STRINGS_BYTES", default=25 * 1024 * 1024
)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)
# A background import runs in a child process with these limits (members/jobs.py). A 100,000-row
# import (the row cap) took 14 s and 601 MB resident at its peak on SQLite (bench_import_limits.py,
# 2 cores, November 2026); the memory limit caps address space, above the resident size.
IMPORT_MEMORY_LIMIT_MB = env.int("IMPORT_MEMORY_LIMIT_MB", default=1024)
IMPORT_TIME_LIMIT_SECONDS = env.int("IMPORT_TIME_LIMIT_SECONDS", default=180)
# Imports run in a background thread so the page can show progress; tests run them inline.
MEMBER_IMPORT_IN_BACKGROUND = env.bool("MEMBER_IMPORT_IN_BACKGROUND", default=True)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="huanjie@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP connection may take; a mail job that times out is retried with backoff.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

SESSION_COOKIE_HTTPONLY = True
# Signed out after this long without a request (each request starts the period again).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Every HTML response (django-csp, config.middleware): scripts and styles only from the app's own
# static files, so no inline <script>, style="" or on...="" handler runs, whatever a page happens
# to print. JavaScript may still set element.style (CSSOM): bars take their width from data-width.
# img-src allows data: for the SVG icons inside Bootstrap's CSS (select arrow, close button).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# JSON lines with the request id (config.logs); LOG_FORMAT=text for a readable console, the
# default with DEBUG on.
LOGGING = logging_config(
    fmt=env.str("LOG_FORMAT", default="text" if DEBUG else "json"),
    level=env.str("LOG_LEVEL", default="INFO"),
)

# Error reports to a Sentry-compatible service, with ID numbers scrubbed (config.errors); off
# unless SENTRY_DSN is set.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
init_error_reporting(
    SENTRY_DSN,
    environment=env.str("SENTRY_ENVIRONMENT", default="production"),
    release=env.str("SENTRY_RELEASE", default="") or None,
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
