"""Romantik settings, read from the environment with django-environ.

Nothing set gives the embedded default: SQLite and files under var/, Celery on
kombu's filesystem transport, e-mail written to files under var/mail/.
Setting DATABASE_URL, CELERY_BROKER_URL and EMAIL_URL gives PostgreSQL, Redis
and SMTP, as docker-compose.yml and production do. See .env.example.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The embedded default keeps its database, files, mail and queue under var/.
VAR_DIR = Path(env.str("ROMANTIK_VAR_DIR", default=str(BASE_DIR / "var")))
for _sub in ("", "mail", "media", "static", "celery/queue", "celery/processed", "celery/control"):
    (VAR_DIR / _sub).mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
# The embedded default needs no configuration; production must set its own key.
SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-key-change-me-in-production-0123456789abcdef")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "romantik",
    "notifications",
    "submissions",
    "review",
    "letters",
    "complaints",
    "satisfaction",
    "catalogue",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
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
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "romantik.middleware.RequireTwoFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "romantik.urls"
WSGI_APPLICATION = "romantik.wsgi.application"

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
                "romantik.context_processors.navigation",
            ],
        },
    },
]

# --- Data ------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'romantik.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the Celery worker use the file side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Accounts --------------------------------------------------------------
AUTH_USER_MODEL = "romantik.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out person before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
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
LOGIN_REDIRECT_URL = "start"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# The service requires an active e-mail address: log in by e-mail, verify it first.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "romantik.forms.AgencySignupForm"
ACCOUNT_ADAPTER = "romantik.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Romantik] "
# Two-factor authentication (TOTP apps such as Google Authenticator, with recovery codes); heads and
# office admins must set it up before they can work (romantik.middleware.RequireTwoFactorMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Romantik BPS"
# One 30-second step either side (RFC 6238, 5.2): a code typed as it changes, or a phone clock a little off, works.
MFA_TOTP_TOLERANCE = 1
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["head", "office_admin"])

# Lockout after repeated failed logins (django-axes): per e-mail address and client address together,
# so one attacker cannot lock a whole office behind one NAT out, nor guess one account from many places.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"  # allauth's log-in form
AXES_USERNAME_CALLABLE = "romantik.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# allauth's own limit on failed log-ins stays as a wider net per address; the lockout is axes' job.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,20/5m/key"}
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")

# --- Language --------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
# Serve straight from the finders when collectstatic has not run (the embedded default).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
# Third-party assets come from npm at set-up (node_modules), never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served publicly; downloads go through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str("STATICFILES_STORAGE", default="django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}
# Attachments (PDF only) larger than this are refused with a message naming both sizes. Django itself lets
# them through: DATA_UPLOAD_MAX_MEMORY_SIZE counts the request body without the files, and
# FILE_UPLOAD_MAX_MEMORY_SIZE only decides when an upload is spooled to a temporary file. A proxy in front
# (nginx client_max_body_size) must allow a little more than this.
ATTACHMENT_MAX_MB = env.int("ATTACHMENT_MAX_MB", default=10)

# --- Letters: signing certificates and trust ---------------------------------------------------
# The heads' PKCS#12 files are encrypted at rest with a key derived from this value. Empty: derived from
# SECRET_KEY, which is fine for the demo; production MUST set its own (and keep it: changing it makes the
# stored certificates unreadable, so they must be uploaded again).
LETTER_KEY_ENCRYPTION_KEY = env.str("LETTER_KEY_ENCRYPTION_KEY", default="")
# The signing backend (letters.signing.Signer); a national signing service (BSrE) replaces the local keys here.
LETTER_SIGNER = env.str("LETTER_SIGNER", default="letters.signing.LocalPkcs12Signer")
# PEM or DER files of the root certificates a letter's signature must chain to (the demo root is added
# automatically once demo certificates exist).
LETTER_TRUST_ROOTS = env.list("LETTER_TRUST_ROOTS", default=[])

# Section pages save a dirty form on the server this often (seconds).
AUTOSAVE_SECONDS = env.int("AUTOSAVE_SECONDS", default=30)

# --- E-mail ----------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
MESSAGE_ID_DOMAIN = env.str("MESSAGE_ID_DOMAIN", default="romantik.bps.go.id")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Romantik BPS <no-reply@romantik.bps.go.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- WhatsApp (Business Cloud API-style HTTP endpoint; empty URL = no WhatsApp) ---
WHATSAPP_API_URL = env.str("WHATSAPP_API_URL", default="")
WHATSAPP_API_TOKEN = env.str("WHATSAPP_API_TOKEN", default="")
WHATSAPP_TIMEOUT = env.int("WHATSAPP_TIMEOUT", default=10)

# --- Celery ----------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # Broadcast (pidbox) files; kombu's default is ./control in the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # An unacknowledged task (its worker died) is handed out again after this many seconds.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        # Workers look for such tasks every interval × throttle seconds (kombu's defaults: 10 × 10).
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
        # A web request publishing to a dead broker gives up quickly: the outbox
        # row stays queued and the periodic flush sends it. (Workers reconnect
        # with their own, unlimited policy.)
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
        "socket_connect_timeout": 2,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = TIME_ZONE
# How long a broker publish may block a request before the outbox flush takes over.
CELERY_PUBLISH_TIMEOUT = env.float("CELERY_PUBLISH_TIMEOUT", default=2.0)
# The flush re-sends what the broker never took (first tries older than the grace) and due retries.
OUTBOX_FLUSH_SECONDS = env.float("OUTBOX_FLUSH_SECONDS", default=60.0)
OUTBOX_FLUSH_GRACE_SECONDS = env.float("OUTBOX_FLUSH_GRACE_SECONDS", default=30.0)
# A draft 'being prepared' for longer than this is rendered by the periodic flush instead.
LETTER_RENDER_GRACE_SECONDS = env.float("LETTER_RENDER_GRACE_SECONDS", default=120.0)
CELERY_BEAT_SCHEDULE = {
    "outbox-flush": {"task": "notifications.tasks.outbox_flush", "schedule": OUTBOX_FLUSH_SECONDS},
    # Letter drafts whose render task was never taken (broker down at the decision): letters/services.py.
    "letters-render-flush": {"task": "letters.tasks.letters_render_flush_task", "schedule": OUTBOX_FLUSH_SECONDS},
    # Deadline reminders, overdue digests, revision and idle-draft notices (review/reminders.py).
    "reminders-sweep": {
        "task": "review.tasks.reminders_sweep_task",
        "schedule": crontab(hour=7, minute=0),  # CELERY_TIMEZONE: Asia/Jakarta
    },
}

# --- Outbox ----------------------------------------------------------------
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=5)
OUTBOX_BACKOFF_BASE_SECONDS = env.int("OUTBOX_BACKOFF_BASE_SECONDS", default=30)

# --- Forms and UI ----------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {40: "danger"}

# --- The open REST API (api/) ------------------------------------------------
REST_FRAMEWORK = {
    # Personal tokens of agency users (api.ApiToken, stored hashed); no session, so no CSRF for scripts.
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    # Every endpoint needs a token unless its view says it is public.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the API never answers with HTML, errors included (api.exceptions).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle", "api.throttling.AddressRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_THROTTLE_TOKEN", default="1000/hour"),  # per personal token
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),  # per client address, without a token
    },
    # Throttling counts REMOTE_ADDR; behind N trusted proxies set API_NUM_PROXIES=N to read X-Forwarded-For.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Romantik API",
    "DESCRIPTION": (
        "The public catalogue of recommended statistical activities, and the submissions of an agency "
        "for its users with a personal token (`Authorization: Bearer <token>`; create one on the page "
        "/akun/token-api/). Errors are JSON: `{\"error\": {\"code\", \"message\", \"fields\"}}`; messages are "
        "Indonesian, or English with `Accept-Language: en`. Lists are paginated: `?page=N&page_size=M` "
        "(20 a page, at most 100)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the drf-spectacular-sidecar package's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl None: Swagger UI would otherwise send the schema to an outside validator.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "FormKindEnum": "submissions.enums.Kind",
        "AttachmentKindEnum": "submissions.enums.AttachmentKind",
        "EventKindEnum": "api.serializers.EVENT_KINDS",
        "AgencyStateEnum": "api.serializers.AGENCY_STATES",
    },
}

# --- Security (production values come from the environment) ----------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): own files only, no inline script, nothing from other hosts.
# PDF previews are embedded from our own origin (<object>), and the QR codes are inline SVG or data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'self'"],
        "frame-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools log every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
