"""Settings for Nastavnik, driven by environment variables.

DEBUG=1 turns on development mode (a fixed development SECRET_KEY is then allowed);
DATABASE_URL selects PostgreSQL (SQLite in var/ otherwise); see README.md for the rest.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_or_create_secret_key(path: Path) -> str:
    """The key kept in `path`; a new random one is written there (readable by its owner
    only) when the file does not exist yet."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole beside it, then linked into place: a process starting at the same
        # moment (the server and the worker of `make run`) reads either no file or the key.
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: its key is the one
        finally:
            draft.unlink()
    return path.read_text().strip()


DEBUG = env_bool("DEBUG")

# Required when DEBUG is off. Left empty, Django refuses every use of it («The SECRET_KEY
# setting must not be empty»), and wsgi.py reads it at start-up, so no server runs without
# one; commands that sign nothing (migrate, makemigrations, collectstatic) still work.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - used only with DEBUG=1
elif not SECRET_KEY and os.environ.get("SECRET_KEY_FILE"):
    # `make run` serves the demo with DEBUG off on one machine: its key is kept in a file of
    # its own (var/secret_key), made with a new random key the first time.
    SECRET_KEY = read_or_create_secret_key(Path(os.environ["SECRET_KEY_FILE"]))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

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
    "django_tables2",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    # Background tasks (reports/background/): the task API and its database backend.
    "django_tasks",
    "django_tasks_db",
    "core",
    "programs",
    "registry",
    "pairs",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Its header goes on every answer, the size limit's 413 below included.
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body (CSRF reads the form, django-axes the login).
    "mentoring_site.middleware.request_size_limit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user is known; WhiteNoise above has answered for static files already.
    "mentoring_site.middleware.private_pages_not_stored",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A user logged in with a one-time password chooses their own first (registry.accounts).
    "registry.accounts.middleware.one_time_password_change",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns the answer to a locked-out login into the lockout page (core.lockouts).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentoring_site.urls"
WSGI_APPLICATION = "mentoring_site.wsgi.application"

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
                "programs.context_processors.site",
                "core.menu.main_menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection (django-axes, README: Production). After LOGIN_FAILURE_LIMIT failed
# logins under one user name from one address, that user name may not log in from there for
# LOGIN_COOLOFF_MINUTES (an attempt meanwhile starts the wait again); other user names and
# other addresses are not affected. The curator sees and lifts lockouts (core.lockouts).
# axes' backend comes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The page with the time to try again, with axes' own status: 429 Too Many Requests.
AXES_LOCKOUT_CALLABLE = "core.lockouts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Behind the one trusted reverse proxy, the address it appended to X-Forwarded-For;
# otherwise REMOTE_ADDR (core.lockouts.addresses).
AXES_CLIENT_IP_CALLABLE = "core.lockouts.addresses.client_ip"
CLIENT_IP_FROM_PROXY = env_bool("BEHIND_HTTPS_PROXY")
# Each failed login is kept for the curator's page; successful ones are not recorded.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_DISABLE_ACCESS_LOG = True

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Vladivostok")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Bootstrap and its icons come from npm (package.json) and are served from node_modules;
# `collectstatic` copies them for production, so nothing is fetched from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
]
# Of those npm folders, only the files the pages use (mentoring_site/staticfiles.py).
STATICFILES_FINDERS = [
    "mentoring_site.staticfiles.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Production serves hashed, compressed copies (`collectstatic`); printed documents read them
# through the same storage (core.pdf.StaticFilesFetcher).
PRODUCTION_STATICFILES_BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Source maps are read by a browser's developer tools only: served as they are, not also
# compressed twice by `collectstatic` (a quarter of its time, the Brotli of two files).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else PRODUCTION_STATICFILES_BACKEND
        )
    },
}

# Uploaded files (evidence of plan runs, honour-board photos); served only to logged-in
# users by mentoring_site.views.media, never as public static files.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
# Upload size limit for any one file; larger ones are refused with a message.
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# The most pixels of an uploaded picture (core.uploads), so none is a decompression bomb.
MAX_UPLOAD_PIXELS = int(os.environ.get("MAX_UPLOAD_PIXELS", str(40_000_000)))
# Years after a person left the program (their last mentorship or pool entry ended) before
# their personal data come up for destruction (152-ФЗ, article 21; registry/retention/).
PERSONAL_DATA_RETENTION_YEARS = int(os.environ.get("PERSONAL_DATA_RETENTION_YEARS", "3"))
# The largest file of students or teachers to import (rows: registry.imports.reading.MAX_ROWS).
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# A request whose body is larger is refused (413) before it is read
# (mentoring_site.middleware.request_size_limit): the largest file and the form around it.
# The reverse proxy's limit (nginx's client_max_body_size) is set to the same.
MAX_REQUEST_BYTES = int(
    os.environ.get("MAX_REQUEST_BYTES", str(max(MAX_UPLOAD_BYTES, IMPORT_MAX_BYTES) + 1024 * 1024))
)

# Long documents are prepared in the background (reports/background/, README: Documents in
# the background). The tasks go to the database by default (`manage.py db_worker` runs them,
# `make run` starts one); TASK_BACKEND=rq puts them in Redis at REDIS_URL for RQ's workers
# (`manage.py rqworker`), and TASK_BACKEND=immediate runs them inside the request.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# The queue of the document tasks (a worker may be given it alone).
DOCUMENTS_QUEUE = os.environ.get("DOCUMENTS_QUEUE", "default")
TASK_QUEUES = sorted({"default", DOCUMENTS_QUEUE})
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {', '.join(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND], "QUEUES": TASK_QUEUES}}
# A document may take minutes; RQ stops a job after DEFAULT_TIMEOUT seconds.
RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in TASK_QUEUES}
# RQ's workers run the tasks through django-tasks' job class.
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")  # its `rqworker` command
# A finished document is kept this many hours, then deleted (`manage.py expire_documents`).
DOCUMENTS_KEEP_HOURS = float(os.environ.get("DOCUMENTS_KEEP_HOURS", "24"))
# A registry selection of at most this many rows is printed or exported while the user
# waits (the PDF costs about 11 s of CPU per 1,000 rows, bench/registry.py); a larger one is
# prepared in the background.
DOCUMENTS_AT_ONCE_MAX_ROWS = int(os.environ.get("DOCUMENTS_AT_ONCE_MAX_ROWS", "200"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

SESSION_COOKIE_HTTPONLY = True
# A session ends after a working day without a request (each request starts the time anew),
# so a computer left logged in overnight is not.
SESSION_COOKIE_AGE = int(float(os.environ.get("SESSION_IDLE_HOURS", "9")) * 3600)
SESSION_SAVE_EVERY_REQUEST = True
# Behind an HTTPS reverse proxy (README, Production): trust its X-Forwarded-Proto header,
# send plain-HTTP visitors to HTTPS and tell browsers to stay on HTTPS.
if env_bool("BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Only this site's own files, no inline script or style (templates/ has none: scripts are
# in static/js and read data- attributes), and no framing. Bootstrap's CSS draws a few icons
# (the select's arrow, the close button) as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # WeasyPrint's steps (a line per page laid out): counted for a document's progress
    # (reports.background.progress), printed nowhere.
    "loggers": {"weasyprint.progress": {"level": "INFO", "propagate": False}},
}
