"""Settings for the NGGS Seller Portal.

Everything comes from the environment (12-factor) with safe defaults for the embedded
mode: SQLite and a Celery transport on the local filesystem, so `make run` needs no
server. Set DATABASE_URL (PostgreSQL) and REDIS_URL to use the real services.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

# DJANGO_PRODUCTION=1 switches every security default to its strict value; each can
# still be set on its own.
PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
else:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY",
        default="insecure-development-key-set-DJANGO_SECRET_KEY-in-production",
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "portal",
    "listings",
    "brands",
    "logistics",
    "inventory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.CurrentSellerMiddleware",
    "portal.middleware.BusyDatabaseMiddleware",
    # Axes last: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.tenancy",
            ],
        },
    },
]

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Celery worker and web server share the file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
# How long an e-mailed invitation to join a seller stays valid.
INVITATION_TTL = timedelta(days=env.int("INVITATION_TTL_DAYS", default=7))
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection on sign-in: lock a username+address pair after 5 failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# Outside production WhiteNoise serves the app and project static folders as they are, so
# `make run` needs no collectstatic; production serves the collected files (see Procfile).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=not PRODUCTION)
WHITENOISE_AUTOREFRESH = env.bool("WHITENOISE_AUTOREFRESH", default=not PRODUCTION)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="NGGS Seller Portal <no-reply@nggs.example>")

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Security -------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: only our own scripts and styles; no inline code except
# elements carrying the per-response nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Django REST Framework ----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.APIKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.permissions.HasSellerAccess"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.CreatedCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["portal.api.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "portal.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttling.APIKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_key": env.str("API_THROTTLE_RATE", default="1200/minute"),
        # Public Transparency scans, per client address (page and endpoint together).
        "transparency_scan": env.str("TRANSPARENCY_SCAN_THROTTLE_RATE", default="30/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NGGS Seller Portal API",
    "DESCRIPTION": (
        "Partner API of the NGGS Seller Portal. Authenticate with `Authorization: Bearer <key>`. "
        "Errors are JSON objects with a stable `code`, a human `detail` and per-field `fields`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files (drf-spectacular-sidecar): the CSP allows no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False, "displayOperationId": False},
    # The signed webhook addresses outside /api/v1/ (carriers, Shopify) are described too.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.webhook_schema.add_webhook_paths",
    ],
    # Several resources have a `status`; name each choice set after what it describes.
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "portal.models.JobRun.Status",
        "ShipmentTrackingStatusEnum": "logistics.models.shipments.TrackingStatus",
        "TransportModeEnum": "logistics.models.lanes.Mode",
        "WebhookDeliveryStatusEnum": "portal.models.webhooks.DeliveryStatus",
        "WebhookEventTypeEnum": "portal.webhook_events.EVENT_NAMES",
        "AllocationPlanStatusEnum": "inventory.models.allocation_plans.AllocationPlan.Status",
        "AllocationPlanLineStatusEnum": "inventory.models.allocation_plans.AllocationPlanLine.Status",
    },
}

# --- Celery ---------------------------------------------------------------------------
# Without REDIS_URL the broker is kombu's filesystem transport: a real worker process
# consumes real messages, and no server has to be installed.
CELERY_BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "celery-broker")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than the longest job, so an unacknowledged task is not delivered twice
        # while it is still running (acks_late).
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=4 * 3600),
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    for sub in ("out", "processed", "control"):
        (CELERY_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "out"),
        "data_folder_out": str(CELERY_BROKER_DIR / "out"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # Fanout exchanges (worker control, pings) live here; the default is ./control.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# On a broker connection loss, let running tasks finish: their acknowledgement is lost,
# so the message comes back later, and run_job skips the run that already finished.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# A worker restarted or scaled down finishes its current task (warm shutdown); one
# that is killed leaves the message unacknowledged for redelivery (acks_late).
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "inventory.tasks.*allocation*": {"queue": "allocation"},
    "inventory.tasks.*forecasts*": {"queue": "allocation"},
    "logistics.tasks.*track*": {"queue": "tracking"},
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE = {
    "purge-stale-import-files": {
        "task": "listings.tasks.purge_stale_imports",
        "schedule": crontab(minute=23),
    },
    "expire-stale-idempotency-keys": {
        "task": "portal.tasks.purge_idempotency_records",
        "schedule": crontab(minute=17, hour="*/6"),
    },
    "tracking-sweep": {
        "task": "logistics.tasks.tracking_sweep",
        "schedule": crontab(minute="*/30"),
    },
    "tracking-poll-carriers": {
        "task": "logistics.tasks.poll_tracking_connections",
        "schedule": crontab(minute=5),
    },
    "fail-abandoned-jobs": {
        "task": "portal.tasks.fail_abandoned_jobs",
        "schedule": crontab(minute="*/15"),
    },
    "reconcile-stock": {
        "task": "inventory.tasks.reconcile_stock",
        "schedule": crontab(minute=40, hour=2),
    },
    "start-weekly-forecasts": {
        "task": "inventory.tasks.start_weekly_forecasts",
        "schedule": crontab(minute=30, hour=3, day_of_week="mon"),
    },
    "accrue-storage-fees": {
        "task": "inventory.tasks.accrue_storage_fees",
        "schedule": crontab(minute=10, hour=1),
    },
    "brand-monitoring-nightly": {
        "task": "brands.tasks.monitoring.monitor_catalogue",
        "schedule": crontab(minute=20, hour=3),
    },
    # Monday morning, after the weekly forecasts: a fresh allocation plan per seller.
    "plan-allocation-weekly": {
        "task": "inventory.tasks.plan_allocation_weekly",
        "schedule": crontab(minute=30, hour=5, day_of_week=1),
    },
    "flag-expiring-compliance-documents": {
        "task": "listings.tasks.flag_expiring_compliance_documents",
        "schedule": crontab(minute=40, hour=2),
    },
}
# A job still "running" after this long is considered abandoned by a lost worker.
JOB_ABANDONED_AFTER = timedelta(hours=env.int("JOB_ABANDONED_AFTER_HOURS", default=6))
# The demo job (marketplace readiness check) pauses this long per marketplace so that its
# progress bar is visible; 0 runs it at full speed.
DEMO_JOB_STEP_SECONDS = env.float("DEMO_JOB_STEP_SECONDS", default=0.25)
# --- Catalogue and publishing ------------------------------------------------------------
PRODUCT_IMAGE_MAX_BYTES = env.int("PRODUCT_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
# Pixels, not bytes, are what an image costs to decode: a 17 KB PNG can unpack to 144
# megapixels (600 MB of memory). 40 megapixels is more than any marketplace takes (8000 ×
# 5000); Pillow's decompression-bomb limit is set to it too (listings.apps).
PRODUCT_IMAGE_MAX_PIXELS = env.int("PRODUCT_IMAGE_MAX_PIXELS", default=40_000_000)
COMPLIANCE_DOCUMENT_MAX_BYTES = env.int("COMPLIANCE_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
COMPLIANCE_EXPIRY_WARNING_DAYS = env.int("COMPLIANCE_EXPIRY_WARNING_DAYS", default=30)
PRODUCT_IMPORT_MAX_BYTES = env.int("PRODUCT_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# An uploaded import waits this long for its confirmation; then the file is deleted.
STAGED_IMPORT_TTL = timedelta(hours=env.int("STAGED_IMPORT_TTL_HOURS", default=24))
# Products per publishing batch (reads) and listings per INSERT/UPDATE statement (writes).
PUBLISH_BATCH_SIZE = env.int("PUBLISH_BATCH_SIZE", default=250)
PUBLISH_WRITE_BATCH_SIZE = env.int("PUBLISH_WRITE_BATCH_SIZE", default=1000)
# Brand protection: the host of the GS1 Digital Link URIs printed on Transparency labels.
TRANSPARENCY_RESOLVER_HOST = env.str("TRANSPARENCY_RESOLVER_HOST", default="id.nggs.example")
# The request header the CDN sets to the client's country (first scan's country only).
TRANSPARENCY_COUNTRY_HEADER = env.str("TRANSPARENCY_COUNTRY_HEADER", default="HTTP_CF_IPCOUNTRY")
IDEMPOTENCY_KEY_TTL = timedelta(hours=env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Listings: exchange rates and translation (pricing branch).
FX_ECB_DAILY_URL = env.str(
    "FX_ECB_DAILY_URL", default="https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
)
# A rate older than this many business days is flagged stale on every price that uses it.
FX_STALE_AFTER_BUSINESS_DAYS = env.int("FX_STALE_AFTER_BUSINESS_DAYS", default=3)
# Currencies fixed to the US dollar: units per USD.
FX_USD_PEGS = {"AED": "3.6725", "SAR": "3.75"}
FX_HTTP_TIMEOUT_SECONDS = env.float("FX_HTTP_TIMEOUT_SECONDS", default=15.0)
TRANSLATION_SERVER_URL = env.str("TRANSLATION_SERVER_URL", default="")
TRANSLATION_SERVER_API_KEY = env.str("TRANSLATION_SERVER_API_KEY", default="")
TRANSLATION_HTTP_TIMEOUT_SECONDS = env.float("TRANSLATION_HTTP_TIMEOUT_SECONDS", default=20.0)
CELERY_BEAT_SCHEDULE["import-ecb-fx-rates"] = {
    "task": "listings.pricing_tasks.import_daily_fx_rates",
    # The ECB publishes around 16:00 CET on working days.
    "schedule": crontab(minute=30, hour=15, day_of_week="mon-fri"),
}

# --- Outgoing webhooks and channel write-backs ----------------------------------------
# Secrets the portal must read back (webhook signing secrets, shops' access tokens) are
# stored encrypted with Fernet. FIELD_ENCRYPTION_KEYS: comma-separated Fernet keys, the
# first encrypts, all decrypt (rotation). Required in production; outside it a key is
# derived from SECRET_KEY so `make run` needs none.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if PRODUCTION and not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEYS in production (Fernet.generate_key()).")
# Endpoint URLs must use https in production; http is allowed elsewhere for local receivers.
WEBHOOK_REQUIRE_HTTPS = env.bool("WEBHOOK_REQUIRE_HTTPS", default=PRODUCTION)
# Loopback receivers are refused like every non-global address. Only the tests and the
# benchmark (which run a receiver on 127.0.0.1) turn this on; production never does.
WEBHOOK_ALLOW_LOOPBACK = (not PRODUCTION) and env.bool("WEBHOOK_ALLOW_LOOPBACK_FOR_BENCH", default=False)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# An endpoint that has failed every attempt for this many days is switched off.
WEBHOOK_DISABLE_AFTER_DAYS = env.int("WEBHOOK_DISABLE_AFTER_DAYS", default=5)
CELERY_BEAT_SCHEDULE["retry-due-webhooks"] = {
    "task": "portal.tasks.retry_due_webhooks",
    "schedule": timedelta(seconds=30),
}
CELERY_BEAT_SCHEDULE["retry-shopify-fulfilments"] = {
    "task": "inventory.tasks.retry_due_shopify_fulfilments",
    "schedule": timedelta(seconds=60),
}
SHOPIFY_API_VERSION = env.str("SHOPIFY_API_VERSION", default="2025-07")
