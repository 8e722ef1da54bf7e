"""Settings for the RCM Portal, read from the environment (see `.env.example`).

The defaults serve the embedded mode of `make run`: SQLite, a file cache and a Celery
broker on the filesystem, so that nothing but Python is needed. Production sets
`DJANGO_ENV=production`, which refuses to start without a secret key or with DEBUG on.
"""

import re
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
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
    "csp",
    # Work after a commit (e-mails, renders, imports), below every app that writes it.
    "outbox",
    # Translation freshness, below every content app: it imports none of them.
    "translations",
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
    # The Content-Security-Policy and Permissions-Policy headers on every page (static
    # files are answered by WhiteNoise before them).
    "csp.middleware.CSPMiddleware",
    "rcm_portal.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pages answered to a logged-in person are never kept by a shared cache.
    "rcm_portal.middleware.PrivateCacheMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Sets only the lazy request.user: before the body limit, which depends on the user.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refuses a body larger than its view accepts before anything reads it, the CSRF
    # check first (it reads the form to find its token).
    "rcm_portal.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
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

# A blank CACHE_URL (as copied from .env.example) counts as absent.
CACHES = {
    "default": env.cache_url_config(
        env.str("CACHE_URL", default="").strip()
        or (f"{REDIS_URL.rstrip('/')}/1" if REDIS_URL else f"filecache://{VAR_DIR / 'cache'}")
    )
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's Redis backend with one-second timeouts, and each process's memory in its
    # place while Redis does not answer: pages, logins and their limits go on meanwhile.
    CACHES["default"]["BACKEND"] = "rcm_portal.cache.RedisOrLocalMemoryCache"

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
# Staff (and anyone holding model permissions) use their permissions, anywhere on the
# portal, only once this session has verified their second factor
# (members.middleware.StaffSecondFactorMiddleware).
RCM_STAFF_REQUIRE_MFA = env.bool("RCM_STAFF_REQUIRE_MFA", default=True)
if PRODUCTION and not RCM_STAFF_REQUIRE_MFA:
    raise ImproperlyConfigured("RCM_STAFF_REQUIRE_MFA must stay on in production.")
# The first authenticator of a staff account is set up through a link sent by e-mail: it
# works once, for this many minutes.
RCM_STAFF_MFA_ENROLMENT_LINK_MINUTES = env.int("RCM_STAFF_MFA_ENROLMENT_LINK_MINUTES", default=30)

# Login limits (allauth's rate limits, counted in the cache). Failed logins count per
# account (the address typed, and the second-factor step per user) and, at a higher
# figure, per client address, so that one person's mistakes, or an attack on one account,
# do not lock out everyone behind the same address. "5/5m" is 5 per 5 minutes.
RCM_LOGIN_FAILURES_PER_ACCOUNT = env.str("RCM_LOGIN_FAILURES_PER_ACCOUNT", default="5/5m")
RCM_LOGIN_FAILURES_PER_IP = env.str("RCM_LOGIN_FAILURES_PER_IP", default="50/15m")
RCM_LOGINS_PER_IP = env.str("RCM_LOGINS_PER_IP", default="60/m")
ACCOUNT_RATE_LIMITS = {
    # The account's own limit first: attempts on a locked account use up no more of the
    # address's allowance.
    "login_failed": f"{RCM_LOGIN_FAILURES_PER_ACCOUNT}/key,{RCM_LOGIN_FAILURES_PER_IP}/ip",
    "login": f"{RCM_LOGINS_PER_IP}/ip",
    # Second-factor enrolment links a staff member may ask for.
    "second_factor_link": "3/h/user",
}
# The client's address, for the limits per address: behind N reverse proxies of our own,
# the Nth address from the right of X-Forwarded-For (0: the connecting address, for a
# server reached directly). Or a header the proxy sets to the client's address
# (e.g. X-Real-IP), which then wins.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("RCM_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("RCM_TRUSTED_CLIENT_IP_HEADER", default="") or None

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
# A task whose worker process died (killed, out of memory) goes back to the queue at once,
# for another process; the outbox makes sure the work itself is done only once.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A message handed to the broker when it is down is not retried in the request: the outbox
# sweep hands it over again.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message taken by a worker that vanished goes back to the queue after this; it
        # must outlast the longest task, or a slow task would run twice.
        "visibility_timeout": CELERY_TASK_TIME_LIMIT + 120,
        "socket_connect_timeout": 2,
    }

# The outbox (see outbox/): work written beside the change that causes it, handed to the
# broker after the commit and again by a periodic sweep until it is done.
# - OUTBOX_SWEEP_SECONDS: how often Celery beat runs the sweep (and the workers' heartbeat);
# - OUTBOX_LEASE_SECONDS: how long a delivery holds its message (and a render its report)
#   before another may take it over; longer than the task time limit;
# - OUTBOX_RETRY_BASE_SECONDS, OUTBOX_RETRY_MAX_SECONDS: the wait before a failed message
#   is tried again, doubling from the base up to the cap;
# - OUTBOX_MAX_ATTEMPTS: after this many failures a message stays failed (the admin can
#   try it again);
# - REPORT_MAX_ATTEMPTS: renders of one PDF before it stays failed ("Try again" resets it).
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=15.0)
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 30)
if OUTBOX_LEASE_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("OUTBOX_LEASE_SECONDS must be longer than CELERY_TASK_TIME_LIMIT.")
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=30.0)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=3600.0)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_SWEEP_BATCH = 200
# A claim held this long is checked at each sweep: the workers are asked (Celery's remote
# control, waiting OUTBOX_INSPECT_SECONDS for answers) which tasks they run, and the claim
# of a task that a worker which answered no longer runs (killed, restarted) is taken back
# at once instead of at the end of its lease.
OUTBOX_CLAIM_CHECK_SECONDS = env.int("OUTBOX_CLAIM_CHECK_SECONDS", default=30)
OUTBOX_INSPECT_SECONDS = env.float("OUTBOX_INSPECT_SECONDS", default=1.0)
REPORT_MAX_ATTEMPTS = env.int("REPORT_MAX_ATTEMPTS", default=3)
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "outbox.sweep", "schedule": OUTBOX_SWEEP_SECONDS},
}
# A worker child whose resident memory passed this many KiB after a task (a long PDF grows
# WeasyPrint's caches) is replaced by a fresh one. Applies to the prefork pool, as in
# docker-compose; `make run`'s solo pool has no child to replace.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1_500_000
)


# What anyone may make the report worker do. A rate is "count/period", the period in
# seconds, minutes, hours or days with an optional multiple ("5/10m": five per ten
# minutes); "off" means no limit, and an empty value the default. Only a request that
# queues a new render counts: a PDF already made, queued or failed for the same content
# costs nothing.
# - per client (IP address, as allauth reads it: see ALLAUTH_TRUSTED_PROXY_COUNT);
# - for everyone together, so that many addresses cannot fill the queue either;
# - per account for staff with the permission "Can ask for reports beyond the public
#   limits" (the Technical Secretariat), who are not held by the two above.
def _rate(name: str, default: str) -> str:
    value = env.str(name, default="").strip() or default
    if value.lower() == "off":
        return ""
    if not re.fullmatch(r"\d+/\d*[smhd]", value):
        raise ImproperlyConfigured(f'{name} must read like "5/10m" (count/period), or "off".')
    return value


REPORTS_RENDER_RATE_PER_CLIENT = _rate("REPORTS_RENDER_RATE_PER_CLIENT", "5/10m")
REPORTS_RENDER_RATE_GLOBAL = _rate("REPORTS_RENDER_RATE_GLOBAL", "60/h")
REPORTS_RENDER_RATE_STAFF = _rate("REPORTS_RENDER_RATE_STAFF", "60/10m")


# The most published practices one compiled report may gather: for everyone, and for
# staff with the permission "Can compile more practices than the public may".
def _count(name: str, default: int) -> int:
    value = env.str(name, default="").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number.")
    return int(value)


COMPILATION_MAX_PRACTICES = _count("COMPILATION_MAX_PRACTICES", 100)
COMPILATION_MAX_PRACTICES_STAFF = _count("COMPILATION_MAX_PRACTICES_STAFF", 1000)


# Health (README "Health"): /healthz answers while the web process runs; /readyz checks the
# database, the broker and a worker, and counts the work that waits too long.
# - HEALTH_WORKER_SECONDS: a worker counts as running when it carried out the outbox sweep
#   (its heartbeat) this recently; by default three sweeps and a minute;
# - HEALTH_BROKER_TIMEOUT_SECONDS: how long /readyz waits for the broker to answer;
# - HEALTH_OUTBOX_OVERDUE_SECONDS: a pending outbox message is overdue once its hand-over
#   is this late; by default three sweeps and a minute;
# - HEALTH_OUTBOX_BACKLOG_LIMIT: /readyz fails when the overdue and failed outbox messages
#   together are more than this ("off": never);
# - HEALTH_STUCK_REPORTS_LIMIT: /readyz fails when more reports than this are queued or
#   rendering for longer than OUTBOX_LEASE_SECONDS ("off": never).
def _seconds(name: str, default: float) -> float:
    value = env.str(name, default="").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds.") from None


def _limit(name: str, default: int) -> int | None:
    if env.str(name, default="").strip().lower() == "off":
        return None
    return _count(name, default)


HEALTH_WORKER_SECONDS = _seconds("HEALTH_WORKER_SECONDS", 3 * OUTBOX_SWEEP_SECONDS + 60)
HEALTH_BROKER_TIMEOUT_SECONDS = _seconds("HEALTH_BROKER_TIMEOUT_SECONDS", 2.0)
HEALTH_OUTBOX_OVERDUE_SECONDS = _seconds(
    "HEALTH_OUTBOX_OVERDUE_SECONDS", 3 * OUTBOX_SWEEP_SECONDS + 60
)
HEALTH_OUTBOX_BACKLOG_LIMIT = _limit("HEALTH_OUTBOX_BACKLOG_LIMIT", 100)
HEALTH_STUCK_REPORTS_LIMIT = _limit("HEALTH_STUCK_REPORTS_LIMIT", 10)

# The interface name of the RCM secretariat ("Technical Secretariat" in the source
# documents, "Executive Secretariat" since 2019).
RCM_SECRETARIAT_LABEL = env.str("RCM_SECRETARIAT_LABEL", default="Technical Secretariat")

WORKSHOPS_PER_PAGE = 10
# Largest outcome document accepted, in megabytes.
DOCUMENT_MAX_UPLOAD_MB = env.int("DOCUMENT_MAX_UPLOAD_MB", default=20)
# Word, Excel and PowerPoint files are zip archives: one that would expand beyond these
# limits once opened (a zip bomb) is refused. Read from the archive's directory, not by
# inflating it. The ratio applies to members larger than the floor (small XML parts
# compress very well).
DOCUMENT_ARCHIVE_MAX_MEMBERS = env.int("DOCUMENT_ARCHIVE_MAX_MEMBERS", default=10_000)
DOCUMENT_ARCHIVE_MAX_UNCOMPRESSED_MB = env.int("DOCUMENT_ARCHIVE_MAX_UNCOMPRESSED_MB", default=100)
DOCUMENT_ARCHIVE_MAX_RATIO = env.int("DOCUMENT_ARCHIVE_MAX_RATIO", default=100)
DOCUMENT_ARCHIVE_RATIO_FLOOR_KB = env.int("DOCUMENT_ARCHIVE_RATIO_FLOOR_KB", default=1024)

# Private files (drafts' attachments, roadmap evidence, unpublished outcome documents) are
# only served by views that check who asks; MEDIA_URL is never served. With "nginx" or
# "apache" the view answers with X-Accel-Redirect (to RCM_PRIVATE_FILES_INTERNAL_PREFIX, an
# `internal` location aliased to the media folder) or X-Sendfile (the file's path), and the
# web server sends the bytes instead of gunicorn. Empty: Django streams the file itself.
RCM_PRIVATE_FILES_SERVER = env.str("RCM_PRIVATE_FILES_SERVER", default="")
RCM_PRIVATE_FILES_INTERNAL_PREFIX = env.str(
    "RCM_PRIVATE_FILES_INTERNAL_PREFIX", default="/protected-media/"
)
if RCM_PRIVATE_FILES_SERVER not in ("", "nginx", "apache"):
    raise ImproperlyConfigured('RCM_PRIVATE_FILES_SERVER must be "", "nginx" or "apache".')
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# A control character an XLSX file cannot hold is written as U+FFFD, not a failed export.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
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


# ---------------------------------------------------------------------------------------
# Security: response headers, cookies and request bodies.
# Every figure can be changed from the environment; README "Security" explains each.
# ---------------------------------------------------------------------------------------
def _env_or_default(cast, name, default):
    """An environment value, where a blank one (`NAME=` copied from .env.example) counts as
    absent: env.bool would read it as False and switch a protection off."""
    return cast(name, default=default) if env.str(name, default="").strip() else default


# No inline script runs without the nonce of its page (`{{ request.csp_nonce }}`), and no
# inline style: the portal and the administration use stylesheets only. `data:` images are
# the QR code of the authenticator set-up.
CSP_REPORT_ADDRESS = env.str("DJANGO_CSP_REPORT_URI", default="")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": PRODUCTION,
        **({"report-uri": [CSP_REPORT_ADDRESS]} if CSP_REPORT_ADDRESS else {}),
    },
}
# Browser features the portal never uses, switched off for every page.
PERMISSIONS_POLICY = _env_or_default(
    env.str,
    "DJANGO_PERMISSIONS_POLICY",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()",
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = _env_or_default(env.str, "DJANGO_SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS. Behind a proxy that ends TLS, the proxy sets X-Forwarded-Proto (see
# SECURE_PROXY_SSL_HEADER above); a proxy that redirects to HTTPS itself may switch the
# redirect here off. SECURE_REDIRECT_EXEMPT takes regular expressions of paths (no leading
# slash) that stay reachable over plain HTTP, such as a load balancer's health check; the
# portal's own health checks (/healthz, /readyz) always are, as probes rarely speak TLS.
SECURE_SSL_REDIRECT = _env_or_default(env.bool, "DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [
    r"^healthz$",
    r"^readyz$",
    *env.list("DJANGO_SECURE_REDIRECT_EXEMPT", default=[]),
]
SECURE_HSTS_SECONDS = _env_or_default(
    env.int, "DJANGO_SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_or_default(
    env.bool, "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION
)
# Off by default: once a domain is on the browsers' preload list it cannot serve plain HTTP
# for months, so asking for it is the operator's decision, not a default.
SECURE_HSTS_PRELOAD = _env_or_default(env.bool, "DJANGO_SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # `check --deploy` would otherwise report preload as missing on every deployment.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Cookies: Secure in production, never sent on cross-site subrequests, the session's out
# of JavaScript's reach (the CSRF cookie too: no script of the portal reads it).
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Request bodies. A view accepts at most REQUEST_BODY_MAX_MB unless it declares more with
# `rcm_portal.decorators.body_limit`: the delegates' upload forms and the administration
# accept UPLOAD_REQUEST_MAX_MB from logged-in people (three documents of the largest size).
# A larger request is answered 413 before anything reads it. The reverse proxy's own limit
# (nginx `client_max_body_size`) should be UPLOAD_REQUEST_MAX_MB.
REQUEST_BODY_MAX_MB = _env_or_default(env.int, "REQUEST_BODY_MAX_MB", 1)
UPLOAD_REQUEST_MAX_MB = _env_or_default(
    env.int, "UPLOAD_REQUEST_MAX_MB", 3 * DOCUMENT_MAX_UPLOAD_MB + REQUEST_BODY_MAX_MB
)
# Form fields other than files, in bytes (Django's own default, written out); files larger
# than FILE_UPLOAD_MAX_MEMORY_SIZE are written to FILE_UPLOAD_TEMP_DIR while they arrive.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_TEMP_DIR = env.str("DJANGO_FILE_UPLOAD_TEMP_DIR", default="") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"routine_sweep": {"()": "rcm_portal.log_filters.RoutineSweepFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        **{
            name: {"filters": ["routine_sweep"]}
            for name in ("celery.beat", "celery.worker.strategy", "celery.app.trace")
        },
    },
}
