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

from romantik import keys

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The embedded default keeps its database, files, mail and queue under var/.
VAR_DIR = Path(env.str("ROMANTIK_VAR_DIR", default=str(BASE_DIR / "var")))
for _sub in ("", "mail", "media", "static", "celery/queue", "celery/processed", "celery/control"):
    (VAR_DIR / _sub).mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
# SECRET_KEY from the environment; else this installation's random key in var/secret_key (`make` creates it;
# with DEBUG on it is created on first use). With DEBUG off, no key or a published one refuses to start
# (romantik/keys.py; `manage.py check --deploy` also flags a short one: romantik/checks.py).
SECRET_KEY = keys.secret_key(env.str("SECRET_KEY", default=""), key_file=VAR_DIR / "secret_key", debug=DEBUG)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A form whose token went stale gets the site's page, which offers what was typed again (romantik/errors.py).
CSRF_FAILURE_VIEW = "romantik.errors.csrf_failure"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The portal's name in account e-mails ("Hello from Romantik BPS!"; notifications.accounts.portal_site).
SITE_NAME = env.str("SITE_NAME", default="Romantik BPS")

INSTALLED_APPS = [
    # Django's admin, its log-in being the portal's (allauth: verified e-mail, two-factor): romantik/admin_site.py.
    "romantik.apps.RomantikAdminConfig",
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
    "django_ratelimit",
    "auditlog",
    "romantik",
    "classifications",
    "notifications",
    "prereview",
    "submissions",
    "review",
    "letters",
    "complaints",
    "satisfaction",
    "catalogue",
    "handover",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "supervision",
    "ceksurvei",
    # The top layer: the root URLs, and the demo and benchmark data of every app.
    "portal",
]

MIDDLEWARE = [
    # First: refuses a body over REQUEST_BODY_MAX_BYTES, or one without a length, before anything reads it.
    "romantik.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Times in the zone of the office the page concerns (WIB/WITA/WIT), once the URL is resolved.
    "romantik.middleware.OfficeTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    # The actor (and address) of every audited change made in this request: romantik/audit.py.
    "auditlog.middleware.AuditlogMiddleware",
    "romantik.middleware.RequireTwoFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-auditlog (romantik/audit.py): loading fixtures is not a change anyone made.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

ROOT_URLCONF = "portal.urls"
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
# Persistent connections (issue 20: a new PostgreSQL connection cost 5–10 ms a request): each web worker and Celery
# process keeps its connection up to CONN_MAX_AGE seconds, and checks a kept one before its first use in a request
# or task (CONN_HEALTH_CHECKS), so a restarted database or pooler costs no request. The embedded SQLite file opens
# in microseconds: 0 there. (In tests Django's client never closes the connection between requests anyway.)
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "CONN_MAX_AGE", default=0 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 60
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Through PgBouncer in transaction pooling (docker-compose.yml) a server-side cursor (QuerySet.iterator(), the
# catalogue's CSV) cannot outlive its transaction: DISABLE_SERVER_SIDE_CURSORS=true there, and only there.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the Celery worker use the file side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and lockouts count in the default cache, so every process must share it. Production: Redis
# (CACHE_URL=redis://…, docker-compose.yml). Without CACHE_URL, files under var/cache shared by the processes
# of this machine, counting under a lock (romantik.cache). django-ratelimit's check refuses a cache that is not
# shared or not atomic (locmem, Django's file or database cache: E003): that is never silenced.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
    # Sessions read from the shared cache (Redis) and kept in the database, so every web machine knows every
    # session and a Redis restart logs no one out. Without CACHE_URL: the database alone (Django's default).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "romantik.cache.SharedFileCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},  # culling early would forget counts
        }
    }
# Its W001 only says "not officially supported": it names django-redis, not Django's own Redis backend (atomic
# INCR, shared), nor ours.
SILENCED_SYSTEM_CHECKS = (
    ["django_ratelimit.W001"]
    if CACHES["default"]["BACKEND"]
    in {"django.core.cache.backends.redis.RedisCache", "romantik.cache.SharedFileCache"}
    else []
)
# Reverse proxies in front that append the client's address to X-Forwarded-For (nginx: 1). Every per-address
# limit and the log-in lockout read the client's address through romantik.clientip with it; 0 (the default)
# uses the connection's address and ignores the header, which a client can send itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("API_NUM_PROXIES", default=0))
RATELIMIT_IP_META_KEY = "romantik.clientip.client_ip"
# Filing complaints and failed tracking look-ups (complaints.limits): (count, seconds) per client address,
# and filings per e-mail address too.
COMPLAINT_RATE_LIMIT = (env.int("COMPLAINT_RATE_LIMIT", default=5), 3600)
TRACKING_RATE_LIMIT = (env.int("TRACKING_RATE_LIMIT", default=10), 900)
# Guest-book entries from an office's kiosk (submissions.kiosk_limits): (count, seconds) per kiosk link and per
# client address; a desk's tablet shares one address among all its visitors.
KIOSK_RATE_LIMIT = (env.int("KIOSK_RATE_LIMIT", default=30), 600)
# Failed Cek Survei look-ups (ceksurvei.limits): (count, seconds) per client address.
CEK_SURVEI_RATE_LIMIT = (env.int("CEK_SURVEI_RATE_LIMIT", default=20), 900)

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
ACCOUNT_ADAPTER = "notifications.accounts.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Romantik] "
# Two-factor authentication (TOTP apps such as Google Authenticator, with recovery codes); heads, office
# admins (MFA_REQUIRED_ROLES) and the site admins (is_staff) must set it up before they can work, and every
# request of theirs needs a session that passed it (romantik.middleware.RequireTwoFactorMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Romantik BPS"
# One 30-second step either side (RFC 6238, 5.2): a code typed as it changes, or a phone clock a little off, works.
MFA_TOTP_TOLERANCE = 1
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["head", "office_admin"])

# Lockout after repeated failed logins (django-axes): per e-mail address and client address together,
# so one attacker cannot lock a whole office behind one NAT out, nor lock anyone out from elsewhere. The client
# address behind the proxy: romantik.clientip (TRUSTED_PROXY_COUNT; axes' ipware settings need django-ipware,
# which is not installed, so they were silently ignored).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"  # allauth's log-in form
AXES_USERNAME_CALLABLE = "romantik.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# allauth's own limit on failed log-ins stays as a wider net per client address; the lockout is axes' job. No
# limit per account alone ("/key"): anyone could keep any account from logging in with a few wrong passwords.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip"}
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_CLIENT_IP_CALLABLE = "romantik.clientip.client_ip"
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
    # The searchable pickers (static/js/pickers.js loads them only on pages that have one).
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
    # The letter's font (Arimo, metrics of Arial/Liberation Sans), loaded by its @font-face: letters/typesetting.py.
    ("vendor/arimo", BASE_DIR / "node_modules" / "@fontsource" / "arimo" / "files"),
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served publicly; downloads go through permission-checked views
# Stored files (attachments, letters, complaint attachments, office logos and documents, evidence packs) go through
# Django's storage API only, never a path. MEDIA_STORAGE=s3 (docker-compose.yml: MinIO; production: any
# S3-compatible object storage) keeps them in the bucket S3_BUCKET, so every web and worker machine sees them;
# "filesystem" (the embedded default) under MEDIA_ROOT. Downloads always pass the views' permission checks (the
# bucket is private, no URL of it is ever given out).
S3_BUCKET = env.str("S3_BUCKET", default="")
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="s3" if S3_BUCKET else "filesystem")
if MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,  # empty: AWS itself
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("S3_REGION", default="us-east-1"),
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),  # MinIO: path
            "signature_version": "s3v4",
            "default_acl": None,  # the bucket's own: private
            "querystring_auth": True,
            # As on disk: a name in use gets another (every stored name is random anyway), never overwritten.
            "file_overwrite": False,
            # A download larger than this is spooled to a temporary file, not held in memory.
            "max_memory_size": 2_621_440,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be s3 or filesystem, not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": env.str("STATICFILES_STORAGE", default="django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}
# Attachments (PDF only) larger than this are refused with a message naming both sizes. Django itself lets
# them through: DATA_UPLOAD_MAX_MEMORY_SIZE counts the request body without the files, and
# FILE_UPLOAD_MAX_MEMORY_SIZE only decides when an upload is spooled to a temporary file. A proxy in front
# (nginx client_max_body_size) must allow a little more than this.
ATTACHMENT_MAX_MB = env.int("ATTACHMENT_MAX_MB", default=10)
# The largest request body: the largest legal upload (an attachment; CSV/XLSX imports and PKCS#12 files are
# smaller) with its form, plus a quarter (at least 1 MB), so a file a little over ATTACHMENT_MAX_MB still gets
# the message naming both sizes. Anything larger, or sent without a length (chunked), is refused before it is
# read (romantik.middleware.RequestBodyLimitMiddleware), and by nginx with the same REQUEST_BODY_MAX_MB
# (deploy/nginx/; deploy/nginx/body-limit.envsh computes the same default).
REQUEST_BODY_MAX_MB = int(
    env.str("REQUEST_BODY_MAX_MB", default="") or ATTACHMENT_MAX_MB + max(1, -(-ATTACHMENT_MAX_MB // 4))
)
if REQUEST_BODY_MAX_MB <= ATTACHMENT_MAX_MB:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"REQUEST_BODY_MAX_MB ({REQUEST_BODY_MAX_MB}) must be larger than ATTACHMENT_MAX_MB ({ATTACHMENT_MAX_MB}): "
        "an attachment of the largest size comes with its form. Leave it unset to have it computed."
    )
REQUEST_BODY_MAX_BYTES = REQUEST_BODY_MAX_MB * 1024 * 1024
# Django's own limits, kept at its defaults on purpose: the form fields of a request without its files (larger is
# refused: RequestDataTooBig), and the size above which an uploaded file is written to a temporary file instead
# of being held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Letters: signing certificates and trust ---------------------------------------------------
# The heads' PKCS#12 files are encrypted at rest with a key derived from this value. Empty: derived from
# SECRET_KEY, which is fine for the demo; production MUST set its own (and keep it: changing it makes the
# stored certificates unreadable, so they must be uploaded again). A published value refuses to start with
# DEBUG off, as for SECRET_KEY (romantik/keys.py).
LETTER_KEY_ENCRYPTION_KEY = keys.letter_key(env.str("LETTER_KEY_ENCRYPTION_KEY", default=""), debug=DEBUG)
# The signing backend (letters.signers.Signer); a national signing service (BSrE) replaces the local keys here.
# The former module path letters.signing.<Name> is still accepted (letters.signers.signer_path).
LETTER_SIGNER = env.str("LETTER_SIGNER", default="letters.signers.LocalPkcs12Signer")
# PEM or DER files of the root certificates a letter's signature must chain to (the demo root is added
# automatically once demo certificates exist).
LETTER_TRUST_ROOTS = env.list("LETTER_TRUST_ROOTS", default=[])
# --- Letters signed through BSrE, the national signing service (letters/bsre.py, docs/BSRE.md) ---------------
# Chosen with LETTER_SIGNER=letters.bsre.BsreSigner. The TTE API v2's base URL and the office's client credentials
# (HTTP Basic). A sign call is never repeated: one that gets no answer within BSRE_TIMEOUT_SECONDS is settled by
# asking the service again (beat: bsre-settle). BSRE_TRUST_ROOTS: PEM or DER files of BSrE's root and intermediate
# certificates, trusted like LETTER_TRUST_ROOTS when letters are verified.
BSRE_BASE_URL = env.str("BSRE_BASE_URL", default="")
BSRE_CLIENT_ID = env.str("BSRE_CLIENT_ID", default="")
BSRE_CLIENT_SECRET = env.str("BSRE_CLIENT_SECRET", default="")
BSRE_CONNECT_TIMEOUT_SECONDS = env.float("BSRE_CONNECT_TIMEOUT_SECONDS", default=5.0)
BSRE_TIMEOUT_SECONDS = env.float("BSRE_TIMEOUT_SECONDS", default=60.0)
# The status and verify calls made while the head waits (the signing page's request).
BSRE_CHECK_TIMEOUT_SECONDS = env.float("BSRE_CHECK_TIMEOUT_SECONDS", default=15.0)
BSRE_TRUST_ROOTS = env.list("BSRE_TRUST_ROOTS", default=[])

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

# --- WhatsApp (notifications/whatsapp.py) ---
# WHATSAPP_BACKEND: "file" (JSON files in WHATSAPP_FILE_PATH, like mail), "cloud" (the WhatsApp Business Cloud API
# at WHATSAPP_API_URL, approved templates of WHATSAPP_TEMPLATES_FILE) or "off"; empty: cloud when the URL is set,
# else file.
WHATSAPP_BACKEND = env.str("WHATSAPP_BACKEND", default="")
WHATSAPP_FILE_PATH = env.str("WHATSAPP_FILE_PATH", default=str(VAR_DIR / "whatsapp"))
WHATSAPP_API_URL = env.str("WHATSAPP_API_URL", default="")
WHATSAPP_API_TOKEN = env.str("WHATSAPP_API_TOKEN", default="")
WHATSAPP_TIMEOUT = env.int("WHATSAPP_TIMEOUT", default=10)
WHATSAPP_TEMPLATES_FILE = env.str(
    "WHATSAPP_TEMPLATES_FILE", default=str(BASE_DIR / "notifications" / "whatsapp_templates.json")
)

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
# The head's signature is made by a Celery task (letters/issuing.py): a signing job the broker never took is run by
# the periodic flush after this many seconds; the head's opened key, sealed in the job (letters/sealing.py),
# expires after LETTER_SIGN_KEY_TTL_SECONDS (the head then signs again).
LETTER_SIGN_GRACE_SECONDS = env.float("LETTER_SIGN_GRACE_SECONDS", default=30.0)
LETTER_SIGN_KEY_TTL_SECONDS = env.int("LETTER_SIGN_KEY_TTL_SECONDS", default=900)
CELERY_BEAT_SCHEDULE = {
    "outbox-flush": {"task": "notifications.tasks.outbox_flush", "schedule": OUTBOX_FLUSH_SECONDS},
    # Letter drafts whose render task was never taken (broker down at the decision): letters/services.py.
    "letters-render-flush": {"task": "letters.tasks.letters_render_flush_task", "schedule": OUTBOX_FLUSH_SECONDS},
    # Signing jobs whose task never came (broker down when the head signed) or whose worker died: letters/issuing.py.
    "letters-sign-flush": {"task": "letters.tasks.letters_sign_flush_task", "schedule": OUTBOX_FLUSH_SECONDS},
    # BSrE sign calls whose outcome is unknown (no answer): settled by asking the service again (letters/bsre.py).
    "bsre-settle": {"task": "letters.tasks.bsre_attempts_settle_task", "schedule": OUTBOX_FLUSH_SECONDS},
    # Deadline reminders, overdue digests, revision and idle-draft notices (review/reminders.py).
    "reminders-sweep": {
        "task": "review.tasks.reminders_sweep_task",
        "schedule": crontab(hour=7, minute=0),  # CELERY_TIMEZONE: Asia/Jakarta
    },
    # Revisions left untouched past the office's limit: warned at 30 and 7 days, then closed (review/closing.py).
    "revision-close-sweep": {"task": "review.tasks.revision_close_sweep_task", "schedule": crontab(hour=7, minute=30)},
    # Agencies reminded of results due or overdue, once per threshold (handover/reminders.py).
    "handover-reminders": {"task": "handover.tasks.handover_reminders_task", "schedule": crontab(hour=7, minute=30)},
    # EPSS evidence packs whose task never came, or whose worker died (handover/evidence.py).
    "handover-evidence-flush": {"task": "handover.tasks.evidence_packs_flush_task", "schedule": 300},
    # Every office's monthly figures for the supervision pages (supervision/services.py).
    "supervision-refresh": {"task": "supervision.tasks.office_months_refresh_task", "schedule": crontab(minute=15)},
    # Every office's figures of now (open work, overdue, complaints, hand-overs) for the supervision table.
    "supervision-now-refresh": {"task": "supervision.tasks.office_now_refresh_task", "schedule": crontab(minute="*/5")},
    # Versions of the offices' service standards whose day has come become the offices' own (romantik/standards.py);
    # at 00:05 WIB every office (WIB, WITA, WIT) has reached the day.
    "service-standards-apply": {
        "task": "romantik.tasks.service_standards_apply_task",
        "schedule": crontab(hour=0, minute=5),  # CELERY_TIMEZONE: Asia/Jakarta
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
    # Requests without a token count per client address: romantik.clientip (TRUSTED_PROXY_COUNT).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
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
