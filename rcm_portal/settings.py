"""Settings for the RCM Portal, read from the environment (see `.env.example`).

The defaults serve the embedded mode of `make run`: SQLite, a file cache and a Celery
broker on the filesystem, so that nothing but Python is needed. Production sets
`DJANGO_ENV=production`, which refuses to start without a secret key or with DEBUG on.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
elif not SECRET_KEY:
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "import_export",
    "members",
    "workshops",
    "objectives",
    "practices",
    "declarations",
    "roadmaps",
    "reports",
    "demo",
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
    # After allauth: staff without a second factor are sent to set one up.
    "members.middleware.StaffSecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "rcm_portal.urls"
WSGI_APPLICATION = "rcm_portal.wsgi.application"

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
                "rcm_portal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default, so the web server and the worker write at once.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

CACHES = {
    "default": env.cache_url(
        "CACHE_URL",
        default=f"{REDIS_URL.rstrip('/')}/1" if REDIS_URL else f"filecache://{VAR_DIR / 'cache'}",
    )
}

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # Object permissions (a delegate's own country) from each app's rules.py.
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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; accounts are created by invitation only.
ACCOUNT_ADAPTER = "members.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# The link of an invitation is allauth's password-reset link, signed with Django's token
# generator: it expires after this long. A week, so an invitee who is travelling can still
# use it; a forgotten-password link lasts as long, and either stops working once used.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 60 * 60

# Second factor (allauth.mfa): an authenticator app (TOTP), with recovery codes as a spare.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "RCM Portal"
# Staff reach the administration only once they have an authenticator app set up
# (members.middleware.StaffSecondFactorMiddleware).
RCM_STAFF_REQUIRE_MFA = env.bool("RCM_STAFF_REQUIRE_MFA", default=True)

# Languages: English, Spanish, French; the URL carries the language.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="America/Mexico_City")

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "es")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="RCM Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The address people reach the portal at, for the links in e-mails sent by the worker.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Celery: Redis in production and CI; without Redis a broker on the filesystem, so a PDF
# still goes through a real worker process.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL",
    default=f"{REDIS_URL.rstrip('/')}/0" if REDIS_URL else "filesystem://localhost/",
)
CELERY_BROKER_FOLDER = Path(env.str("CELERY_BROKER_FOLDER", default=str(VAR_DIR / "broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A render that runs away is stopped rather than holding the worker forever.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
# A worker child whose resident memory passed this many KiB after a task (a long PDF grows
# WeasyPrint's caches) is replaced by a fresh one. Applies to the prefork pool, as in
# docker-compose; `make run`'s solo pool has no child to replace.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1_500_000
)

# The interface name of the RCM secretariat ("Technical Secretariat" in the source
# documents, "Executive Secretariat" since 2019).
RCM_SECRETARIAT_LABEL = env.str("RCM_SECRETARIAT_LABEL", default="Technical Secretariat")

WORKSHOPS_PER_PAGE = 10
# Largest outcome document accepted, in megabytes.
DOCUMENT_MAX_UPLOAD_MB = env.int("DOCUMENT_MAX_UPLOAD_MB", default=20)
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Participant lists imported in the admin: checked in the request, read by the worker.
# Rows below the headings, at most:
PARTICIPANT_IMPORT_MAX_ROWS = env.int("PARTICIPANT_IMPORT_MAX_ROWS", default=5000)
# The uploaded file, at most (megabytes):
PARTICIPANT_IMPORT_MAX_UPLOAD_MB = env.int("PARTICIPANT_IMPORT_MAX_UPLOAD_MB", default=5)
# What an XLSX may expand to once unzipped (megabytes), and how many times any large part of
# it may be compressed: beyond, it is a zip bomb, refused before openpyxl opens it.
PARTICIPANT_IMPORT_MAX_UNCOMPRESSED_MB = env.int(
    "PARTICIPANT_IMPORT_MAX_UNCOMPRESSED_MB", default=50
)
PARTICIPANT_IMPORT_MAX_COMPRESSION_RATIO = env.int(
    "PARTICIPANT_IMPORT_MAX_COMPRESSION_RATIO", default=100
)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
