"""Settings for the regioloket portal.

Every value comes from the environment through the typed readers in ``loket.env``. The defaults
are the safe production ones: DEBUG off, secure cookies, HSTS. The run command (``./portal up``)
sets the development values it needs explicitly.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from loket.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key" if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (it may only be left out when DEBUG=true).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "csp",
    "template_partials",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "loket.core",
    "kandidaten",
    "vacatures",
    "loket.desk",
    "loket",
]
# The apps with models of their own (labels), for checks that walk every project model.
LOKET_PROJECT_APPS = ["loket", "kandidaten", "vacatures", "desk"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole public pages for anonymous visitors, before sessions and templates (with Redis).
    "loket.core.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "loket.core.middleware.StaffMfaMiddleware",
    "kandidaten.middleware.PrivacyAgreementMiddleware",
    "loket.core.middleware.NoStoreForSignedInMiddleware",
    "csp.middleware.CSPMiddleware",
]

# The national benchmark's query counter and floor view (loket.core.bench); never in production.
LOKET_BENCH = env_bool("LOKET_BENCH", False)
if LOKET_BENCH:
    MIDDLEWARE.insert(0, "loket.core.bench.QueryCountMiddleware")

# --- Content-Security-Policy (django-csp) -----------------------------------------------------
# Scripts and styles only from the portal's own static files: no inline script, no eval, no
# inline style (htmx is told not to add its indicator style, base.html). A view that needs
# something else says so with a decorator of its own (the outbox's mail preview).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"
ASGI_APPLICATION = "loket.asgi.application"

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
                "loket.core.context_processors.portal",
                "loket.core.page_cache.csrf_placeholder",
            ],
        },
    }
]

# Inputs and selects written out in Python (the same HTML), every other form template as Django's.
FORM_RENDERER = "loket.core.form_renderer.PortalFormRenderer"

# --- Database: PostgreSQL only ----------------------------------------------------------------
# Without DATABASE_URL an embedded PostgreSQL (real server binaries from a pip wheel) is started
# with its data under .data/postgres; there is deliberately no SQLite fallback.
DATABASE_URL = env_str("DATABASE_URL", "")
if not DATABASE_URL:
    if not (DEBUG or env_bool("LOKET_EMBEDDED_DB", False)):
        raise ImproperlyConfigured("Set DATABASE_URL (the embedded server is for development).")
    # Only without DATABASE_URL: the embedded server's wheel is a dev dependency.
    from loket.embedded_pg import database_url  # noqa: PLC0415

    DATABASE_URL = database_url(BASE_DIR)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
# Per connection, never in the server's configuration: PostgreSQL's JIT compiles the plans of
# the matching and insight queries for ~100 ms each, longer than they then run.
# DATABASE_PLANNER_OPTIONS adds to that (default: the random page cost of SSD storage).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off " + env_str(
    "DATABASE_PLANNER_OPTIONS", "-c random_page_cost=1.1"
)
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...).")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "loket.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    # Django's list of common passwords and a Dutch one (loket/core/data/).
    {"NAME": "loket.core.passwords.DutchCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# --- Accounts (django-allauth) ----------------------------------------------------------------
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "ACCOUNT_EMAIL_VERIFICATION", "mandatory", {"mandatory", "optional", "none"}
)
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
# Failed sign-ins: 5 per address *from one client* (loket.core.auth), so nobody can lock the
# owner out from elsewhere; 30 per client IP over all addresses (a school network shares one).
ACCOUNT_RATE_LIMITS = {"login_failed": "30/5m/ip,5/5m/key"}
# Behind a reverse proxy the client address is in X-Forwarded-For; say how many proxies to trust.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# --- Cache: shared between processes (rate limits must count across gunicorn workers) --------
# Redis from CACHE_URL; without it, with DEBUG off, the database (table loket_cache, made by a
# migration), never memory per process. Only a DEBUG run on one machine uses memory.
CACHE_URL = env_str("CACHE_URL", "")
DATABASE_CACHE_TABLE = "loket_cache"
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "loket.core.redis_cache.PortalRedisCache", "LOCATION": CACHE_URL}
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
        }
    }
# Rendered parts of the public pages shared by anonymous visitors (loket.core.cache): on with a
# Redis cache, where a hit costs well under a millisecond; the database cache would spend
# queries on every hit and every save.
LOKET_FRAGMENT_CACHE = env_bool("LOKET_FRAGMENT_CACHE", bool(CACHE_URL))
# Account mail (codes, verification, password reset) is essential mail that goes through the
# outbox, so it is logged and retried like every other message.
ACCOUNT_ADAPTER = "loket.core.auth.PortalAccountAdapter"
# Account mail subjects like the portal's other mail: no "[host]" in front.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff who see personal data must use a second factor; the demo switches this off.
LOKET_REQUIRE_STAFF_MFA = env_bool("LOKET_REQUIRE_STAFF_MFA", not DEBUG)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Each language's own way of writing a date ("1 december 2026", "1 December 2026").
FORMAT_MODULE_PATH = ["loket.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files (served by the app through whitenoise) -------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

# --- Security ---------------------------------------------------------------------------------
# Only trust X-Forwarded-Proto when a TLS-terminating proxy sets it; otherwise anyone could.
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8, minimum=300)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_HOST = None
# The health check is hit over plain HTTP by load balancers inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^health/background/$"]

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Regioloket <noreply@regioloket.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery (Redis broker) --------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# A page that hands a mail to the broker waits at most this long when Redis is down; the row stays
# queued and the sweep hands it over later (loket.core.mail.delivery.dispatch).
LOKET_BROKER_HANDOVER_TIMEOUT = 0.5
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = DATA_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Remote control (the worker's pidbox) would otherwise write to ./control.
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_SOFT_TIME_LIMIT must be below CELERY_TASK_TIME_LIMIT.")
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A send under way is not cancelled when the worker loses Redis: the mail server may already have
# accepted it. The outbox row, not the broker, decides what was sent: the redelivered task finds
# the row sent (or claimed) and does nothing.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(DATA_DIR / "celerybeat-schedule")
)
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "loket")
# Housekeeping (heartbeat, sweep, prune, reminder rules, closing vacancies, the insight summary)
# has its own queue, so that it never waits behind a backlog of mail. A worker started without -Q
# serves both queues (CELERY_TASK_QUEUES); the heartbeat then proves beat → broker → worker even
# under a backlog.
CELERY_HOUSEKEEPING_QUEUE = env_str(
    "CELERY_HOUSEKEEPING_QUEUE", f"{CELERY_TASK_DEFAULT_QUEUE}-housekeeping"
)
CELERY_TASK_QUEUES = tuple(
    Queue(name, routing_key=name) for name in (CELERY_TASK_DEFAULT_QUEUE, CELERY_HOUSEKEEPING_QUEUE)
)
CELERY_TASK_ROUTES = {
    name: {"queue": CELERY_HOUSEKEEPING_QUEUE}
    for name in (
        "loket.tasks.heartbeat",
        "loket.tasks.sweep_outbox",
        "loket.tasks.prune_outbox",
        "loket.tasks.run_reminder_rules",
        "loket.tasks.run_reminder_rule",
        "vacatures.tasks.close_expired_vacancies",
        "kandidaten.tasks.fill_waiting_lists",
        "desk.tasks.refresh_insight",
    )
}
LOKET_HEARTBEAT_SECONDS = env_int("LOKET_HEARTBEAT_SECONDS", 60, minimum=1)
LOKET_INSIGHT_REFRESH_SECONDS = env_int("LOKET_INSIGHT_REFRESH_SECONDS", 600, minimum=1)
# Tasks live beside the services they call; the worker imports these modules to know them.
CELERY_IMPORTS = [
    "loket.core.health",
    "loket.core.mail.delivery",
    "loket.core.mail.reminders",
    "vacatures.services.vacancies",
    "kandidaten.services.retention",
    "kandidaten.services.events",
    "loket.desk.insight.summary",
]
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "loket.tasks.heartbeat",
        "schedule": float(LOKET_HEARTBEAT_SECONDS),
        # A heartbeat that waited longer than its interval proves nothing: let it expire.
        "options": {"expires": float(LOKET_HEARTBEAT_SECONDS)},
    },
    # vacatures: close published vacancies past their closing date (idempotent, hourly).
    "vacatures-close-expired": {
        "task": "vacatures.tasks.close_expired_vacancies",
        "schedule": float(env_int("VACATURES_CLOSE_EXPIRED_SECONDS", 3600, minimum=1)),
    },
    # Outgoing mail (issue 6): re-queue stuck messages and dispatch deferred ones.
    "mail-sweep": {
        "task": "loket.tasks.sweep_outbox",
        "schedule": float(env_int("LOKET_MAIL_SWEEP_SECONDS", 60, minimum=1)),
    },
    "mail-prune": {
        "task": "loket.tasks.prune_outbox",
        "schedule": float(env_int("LOKET_MAIL_PRUNE_SECONDS", 24 * 3600, minimum=1)),
    },
    # Every registered reminder rule runs from here; unique keys make a repeated run a no-op.
    # Privacy (issue 11): anonymise records whose retention warning's date has come.
    "retention": {
        "task": "kandidaten.tasks.retention",
        "schedule": float(env_int("LOKET_RETENTION_SECONDS", 3600, minimum=1)),
    },
    # Events (issue 15): a free place never waits; the services fill it at once, this catches
    # places freed elsewhere (the admin). Idempotent.
    "waiting-lists": {
        "task": "kandidaten.tasks.fill_waiting_lists",
        "schedule": float(env_int("LOKET_WAITING_LIST_SECONDS", 900, minimum=1)),
    },
    "reminder-rules": {
        "task": "loket.tasks.run_reminder_rules",
        "schedule": float(env_int("LOKET_REMINDER_RULES_SECONDS", 3600, minimum=1)),
    },
    # Insight (issue 14): the funnel's summary, which the dashboards read and date. A run that
    # waited longer than the interval is dropped: the next one does the same work.
    "insight-refresh": {
        "task": "desk.tasks.refresh_insight",
        "schedule": float(LOKET_INSIGHT_REFRESH_SECONDS),
        "options": {"expires": float(LOKET_INSIGHT_REFRESH_SECONDS)},
    },
}

# --- Outgoing mail and reminders (issue 6) -----------------------------------------------------
# Absolute links in mail (unsubscribe, sign-in) need the public address of the portal.
LOKET_SITE_URL = env_str(
    "LOKET_SITE_URL",
    f"http://127.0.0.1:{env_str('PORT', '8000')}"
    if DEBUG
    else (f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""),
).rstrip("/")
# At most one reminder per person per this many days (a region can override it: rule "cap").
LOKET_MAIL_REMINDER_CAP_DAYS = env_int("LOKET_MAIL_REMINDER_CAP_DAYS", 3, minimum=0)
# No reminders at night (Europe/Amsterdam): queued until the end of the quiet hours.
LOKET_MAIL_QUIET_START_HOUR = env_int("LOKET_MAIL_QUIET_START_HOUR", 21, minimum=0)
LOKET_MAIL_QUIET_END_HOUR = env_int("LOKET_MAIL_QUIET_END_HOUR", 8, minimum=0)
# Temporary SMTP failures (4xx, no connection): retry after base * 2^(attempt-1) seconds, at most
# LOKET_MAIL_RETRY_MAX_SECONDS apart, for LOKET_MAIL_RETRY_HOURS after the first failure; only then
# is the message failed (and the region's coordinators told).
LOKET_MAIL_RETRY_BASE_SECONDS = env_int("LOKET_MAIL_RETRY_BASE_SECONDS", 60, minimum=1)
LOKET_MAIL_RETRY_MAX_SECONDS = env_int("LOKET_MAIL_RETRY_MAX_SECONDS", 3600, minimum=1)
LOKET_MAIL_RETRY_HOURS = env_int("LOKET_MAIL_RETRY_HOURS", 24, minimum=1)
# A worker holds a lease on the message it sends and renews it every third of this while it lives;
# the sweep re-queues a message whose lease ran out (its worker died), and leaves the others.
LOKET_MAIL_LEASE_SECONDS = env_int("LOKET_MAIL_LEASE_SECONDS", 60, minimum=2)
# No claim lasts longer than this: a living worker stops renewing it then. Above the task time
# limit (the longest a send can take), so a slow but living worker is never overtaken.
LOKET_MAIL_SENDING_TIMEOUT_SECONDS = env_int(
    "LOKET_MAIL_SENDING_TIMEOUT_SECONDS", 2 * CELERY_TASK_TIME_LIMIT, minimum=1
)
if LOKET_MAIL_SENDING_TIMEOUT_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "LOKET_MAIL_SENDING_TIMEOUT_SECONDS must be above CELERY_TASK_TIME_LIMIT, the longest send."
    )
# A queued message whose hand-over was due this long ago without being sent is handed over again.
LOKET_MAIL_REDISPATCH_SECONDS = env_int("LOKET_MAIL_REDISPATCH_SECONDS", 600, minimum=1)

# Candidates' documents (CV, diploma): outside the static path, served by an access-checking view.
LOKET_PRIVATE_MEDIA_ROOT = Path(env_str("LOKET_PRIVATE_MEDIA_ROOT", str(DATA_DIR / "private")))
LOKET_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024

# Mail bodies are personal data: after this many days only the log (who, why, when) is kept.
LOKET_MAIL_KEEP_BODIES_DAYS = env_int("LOKET_MAIL_KEEP_BODIES_DAYS", 90, minimum=1)

# --- Logging: never personal data; request bodies are not logged -----------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"}),
    },
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- The portal -------------------------------------------------------------------------------
LOKET_PORTAL_NAME = env_str("LOKET_PORTAL_NAME", "Regioloket Onderwijs")
