"""Romantik settings, read from the environment with django-environ.

Nothing set gives the embedded default: SQLite and files under var/, Celery on
kombu's filesystem transport, e-mail written to files under var/mail/.
Setting DATABASE_URL, CELERY_BROKER_URL and EMAIL_URL gives PostgreSQL, Redis
and SMTP, as docker-compose.yml and production do. See .env.example.
"""

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
    "romantik",
    "notifications",
    "submissions",
    "review",
    "letters",
    "complaints",
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
        "visibility_timeout": 3600,
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
CELERY_BEAT_SCHEDULE = {
    "outbox-flush": {"task": "notifications.tasks.outbox_flush", "schedule": 60.0},
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

# --- Security (production values come from the environment) ----------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

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
    },
}
