"""Settings for the Snitem working-group portal, read from the environment.

Every value that differs between a laptop and production comes from an environment
variable (see README, "Configuration"). With nothing set, the portal runs on embedded
defaults: SQLite in ``data/``, Celery on kombu's filesystem transport, email on the console.
"""

from pathlib import Path

import django_tomselect
import environ
import xstatic.pkg.bootstrap as xstatic_bootstrap
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(environ.Env().str("PORTAL_DATA_DIR", default=str(BASE_DIR / "data")))

env = environ.Env()

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")

# With nothing set, the portal is a development checkout running on its embedded defaults (debug
# on). A deployment gives DJANGO_SECRET_KEY, and then runs with debug off unless told otherwise.
DEBUG = env.bool("DJANGO_DEBUG", default=not SECRET_KEY)

if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (for local development, set DJANGO_DEBUG=1)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# The development default is the address `make run` serves and prints: a link from an email then opens
# the same host as the browser, and the login session carries over.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "snitem_portal.users",
    "snitem_portal.admin_site.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "widget_tweaks",
    "js_lib_bootstrap_icons",  # Bootstrap Icons' font and CSS, served from the package by whitenoise
    "snitem_portal",
    "groups",
    "roadmap",
    "projects",
    "reminders",
    "meetings",
    "inbox",
    "discussion",
    "documents",
    "webhooks",
    "joint",
    "search",
    "mailings",
]

MIDDLEWARE = [
    "snitem_portal.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "snitem_portal.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads several parts of a page repeat ("my groups") are memoised for the request (snitem_portal.memo).
    "snitem_portal.memo.RequestMemoMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "snitem_portal.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]
SIMPLE_HISTORY_REVERT_DISABLED = True  # admin history is read-only: a revert would bypass the services

ROOT_URLCONF = "snitem_portal.urls"
# Request bodies: 2.5 MB for forms and JSON, 30 MB for file uploads (an attachment or document plus
# its form); larger ones are refused with 413 before they are read (RequestSizeLimitMiddleware).
# Set the web server's limit (nginx client_max_body_size) to the upload one: docs/deployment.md.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
MAX_UPLOAD_REQUEST_SIZE = env.int("MAX_UPLOAD_REQUEST_SIZE", default=30 * 1024 * 1024)
WSGI_APPLICATION = "snitem_portal.wsgi.application"

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
                "snitem_portal.context_processors.portal",
            ],
            "builtins": ["snitem_portal.templatetags.portal"],
        },
    },
]

# Database: SQLite in the data folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections in production: opening one costs more than most requests' SQL. A
# connection is checked before reuse, so a restarted database costs one failed check, not an error.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0 if DEBUG else 600))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis in production (CACHE_URL=redis://host:6379/1), shared by every web process: rate limits,
# sessions and cached pages hold across processes and machines. Without CACHE_URL, a development
# checkout (debug on) keeps them in each process's memory; with debug off they go to a table of the
# database, which every process and machine already shares: a per-process memory cache would give
# each worker its own login and token rate limits (N workers, N times the tries). The table is
# created by migrate (snitem_portal.apps).
CACHE_TABLE = "portal_cache"
CACHES = {
    "default": env.cache(
        "CACHE_URL", default="locmemcache://" if DEBUG else f"dbcache://{CACHE_TABLE}?MAX_ENTRIES=200000"
    )
}
# Sessions are read from the cache and written through to the database (a cache flush logs nobody out).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# Accounts (django-allauth): email is the login, verification is mandatory.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_FORMS = {"signup": "groups.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Snitem] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
    "reset_password": "10/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Reverse proxies of ours in front of the web processes, each appending to X-Forwarded-For. The
# client address of the rate limits (web login, API token) is taken from that header only when
# this is set; otherwise a client could pick its own address and escape every per-IP limit.
TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXIES", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXIES
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Snitem"

# Internationalisation: French first, English available; shown in Paris time.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
# Tom Select (the searchable multi-select) comes from the django-tomselect package: only its
# bundled script and styles are used, started by static/js/portal.js (no inline script for the CSP).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
    ("tom-select", Path(django_tomselect.__file__).parent / "static" / "django_tomselect"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
# Private files (attachments) live outside any publicly served folder.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(DATA_DIR / "private")))

# Email: an SMTP server from EMAIL_URL; with none, one file per message in data/emails/ and one line
# per message in the terminal (snitem_portal.mailfolder).
EMAIL_FILE_PATH = DATA_DIR / "emails"
if env.str("EMAIL_URL", default=""):
    EMAIL_CONFIG = env.email_url("EMAIL_URL")
    vars().update(EMAIL_CONFIG)
else:
    EMAIL_BACKEND = "snitem_portal.mailfolder.FolderEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Snitem <portail@snitem.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis in production; with nothing set, kombu's filesystem transport (no server).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = DATA_DIR / "celery-queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(DATA_DIR / "celery-processed"),
        # Broadcast messages (worker control): kept in data/ too, not in the current folder.
        "control_folder": str(DATA_DIR / "celery-control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call gets 401 with a WWW-Authenticate header.
        "snitem_portal.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "snitem_portal.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "snitem_portal.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_TOKEN_RATE_LIMIT", default="10/min")},
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DATETIME_FORMAT": "iso-8601",
}
# An API token expires this many days after its creation (it is also revoked by a password change,
# turning on two-factor authentication and deactivating the account: snitem_portal.tokens).
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=90)
# Personal data (snitem_portal.privacy) and retention periods (on the privacy page; RETENTION_JOBS run nightly).
PERSONAL_DATA_EXPORTERS = [
    "snitem_portal.users.privacy.export",
    "groups.privacy.export",
    "roadmap.privacy.export",
    "projects.privacy.export",
    "reminders.privacy.export",
    "inbox.privacy.export",
    "meetings.privacy.export",
    "documents.privacy.export",
    "discussion.privacy.export",
    "mailings.privacy.export",
]
PERSONAL_DATA_ERASERS = [
    "groups.privacy.erase",  # first: refuses while the person is a last referent or a last chair
    "roadmap.privacy.erase",
    "projects.privacy.erase",
    "reminders.privacy.erase",
    "inbox.privacy.erase",
    "meetings.privacy.erase",
    "discussion.privacy.erase",
    "mailings.privacy.erase",
    "snitem_portal.users.privacy.erase",  # last: closes the account itself
]
RETENTION_JOBS = [
    "snitem_portal.users.retention.purge_expired_sessions",
    "snitem_portal.users.retention.purge_expired_tokens",
    "snitem_portal.users.retention.purge_unverified_signups",
    "reminders.retention.purge_ledger",
]
LEDGER_RETENTION_DAYS = env.int("LEDGER_RETENTION_DAYS", default=365)
UNVERIFIED_SIGNUP_RETENTION_DAYS = env.int("UNVERIFIED_SIGNUP_RETENTION_DAYS", default=30)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="")
SPECTACULAR_SETTINGS = {
    "TITLE": "Snitem working-group portal API",
    "DESCRIPTION": "Working groups, roadmap consultations and calls for projects of Snitem members.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" or a "kind": name each choice set after its enum.
    "ENUM_NAME_OVERRIDES": {
        "CompanyStatusEnum": "groups.enums.CompanyStatus",
        "MembershipStatusEnum": "groups.enums.MembershipStatus",
        "GroupRoleEnum": "groups.enums.GroupRole",
        "ActionStatusEnum": "roadmap.enums.ActionStatus",
        "PositionStatusEnum": "roadmap.enums.PositionStatus",
        "StanceEnum": "roadmap.enums.Stance",
        "QuestionKindEnum": "roadmap.enums.QuestionKind",
        "ActionItemStatusEnum": "meetings.enums.ActionItemStatus",
    },
}

# Security. Defaults are strict; each can be relaxed by env (e.g. behind a TLS proxy).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Health probes come over plain HTTP from the load balancer (snitem_portal.health).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Seconds each /readyz check may take.
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=3)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# LOG_FORMAT=json: one JSON object per line (request id, user id, path, status, duration), for log
# collectors; otherwise plain text.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "snitem_portal.logs.JsonFormatter"}},
    "filters": {
        "drop_expected_traceback": {
            "()": "django.utils.log.CallbackFilter",
            "callback": "ext://snitem_portal.logfilters.drop_expected_traceback",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_FORMAT == "json" else {})}
    },
    "loggers": {"django.request": {"filters": ["drop_expected_traceback"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# Errors go to Sentry only when SENTRY_DSN is set; without it the SDK is never started. No personal
# data is sent (user ids only, no emails, cookies or request bodies).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Exports: django-import-export strips a leading "=" too (every cell is already neutralised by
# snitem_portal.exports, which also covers "+", "-", "@", tab and carriage return).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Portal: which modules contribute to the dashboard, reference data and demo data.
DASHBOARD_PANELS = [
    "groups.dashboard.panels",
    "roadmap.dashboard.panels",
    "projects.dashboard.panels",
    "reminders.dashboard.panels",
    "meetings.dashboard.panels",
]
# Blocks other apps add to a roadmap action's page: functions (request, action) -> list[Panel].
ACTION_PAGE_PANELS = ["joint.panels.action_line", "projects.panels.action_laureates"]
# Blocks other apps add to a meeting's page (groups' meeting view): functions (request, meeting) -> list[Panel].
MEETING_PAGE_PANELS = [
    "meetings.panels.agenda",
    "documents.panels.meeting_materials",
    "meetings.panels.registration",
    "meetings.panels.attendance",
    "meetings.panels.minutes",
    "meetings.panels.action_items",
]
# Each app owns its deadlines: functions returning its reminders.registry.DeadlineSource list, and the
# function telling who signs off for a company (may lower sign-off reminders to a digest, not switch them off).
DEADLINE_SOURCES = [
    "groups.deadlines.sources",
    "roadmap.deadlines.sources",
    "projects.deadlines.sources",
    "meetings.deadlines.sources",
]
DEADLINE_SIGNERS = "groups.deadlines.signers"
# Apps whose model permissions the "Staff" group holds (snitem_portal.users.staff): the apps staff run in admin.
# Not "auth" (staff grant no permissions), "inbox" (each person's own notifications), "search" (a derived index).
STAFF_GROUP_APPS = ["users", "groups", "roadmap", "projects", "reminders", "meetings", "snitem_portal", "discussion"]
STAFF_GROUP_APPS += ["webhooks", "joint", "documents", "mailings", "django_celery_beat"]
REFERENCE_DATA_LOADERS = [
    "groups.reference.load",
    "roadmap.reference.load",
    "projects.reference.load",
    "documents.reference.load",
    "search.reference.load",  # last: indexes what the loaders above wrote
]
DEMO_SEEDERS = [
    "groups.demo.seed",
    "roadmap.demo.seed",
    "projects.demo.seed",
    "meetings.demo.seed",
    "documents.demo.seed",
    "joint.demo.seed",  # after roadmap: joint positions on its closed consultations
    "discussion.demo.seed",
    "inbox.demo.seed",
    "mailings.demo.seed",
    "search.demo.seed",  # last: indexes what the seeders above created
]
# Each app's searchable kinds (search.registry.SearchSource), in the order of the results page's sections.
SEARCH_SOURCES = [
    f"{app}.search.sources" for app in ("groups", "roadmap", "projects", "documents", "meetings", "discussion", "joint")
]
# What can be commented: kind -> the owning app's comments.py target (discussion.registry.CommentTarget).
COMMENT_TARGETS = {
    "consultation": "roadmap.comments.consultation",
    "action": "roadmap.comments.action",
    "group": "groups.comments.group",
    "document": "documents.comments.document",
    "minutes": "meetings.comments.minutes",
}
# notify(): kinds declared by template, modes per kind, channels besides email (docs/architecture.md).
NOTIFICATION_KINDS = ["inbox.kinds.portal_kinds", "joint.notifications.kinds"]
NOTIFICATION_MODES = "inbox.selectors.modes_for"
NOTIFICATION_CHANNELS = {"in_app": "inbox.channel.deliver"}
DIGEST_SECTIONS = ["inbox.digest.claim"]
PREFERENCE_SECTIONS = ["inbox.forms.NoticePreferencesSection"]
NOTIFICATIONS_RETENTION_DAYS = env.int("NOTIFICATIONS_RETENTION_DAYS", default=180)
# Webhooks: each app declares the public fields of its events (event name -> payload function).
WEBHOOK_EVENTS = {
    "meeting.scheduled": "groups.webhooks.meeting_scheduled",
    "position.submitted": "roadmap.webhooks.position_submitted",
    "decision.published": "projects.webhooks.decision_published",
    "joint_position.published": "joint.webhooks.joint_position_published",
}
WEBHOOKS_TIMEOUT = env.float("WEBHOOKS_TIMEOUT", default=5)
WEBHOOKS_CA_BUNDLE = env.str("WEBHOOKS_CA_BUNDLE", default="") or None
REFERENCE_FACTS_PATH = BASE_DIR / "snitem_portal" / "fixtures" / "reference_facts.json"
