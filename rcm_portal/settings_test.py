"""Fast, isolated settings for the test suite; services come from the environment as usual."""

import tempfile
from pathlib import Path

from .settings import *  # noqa: F403
from .settings import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="rcm-test-media-"))
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the Celery worker test reads the database from other threads.
    VAR_DIR.mkdir(exist_ok=True)
    # RCM_TEST_DB names another file, so that two test runs on one checkout do not meet.
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("RCM_TEST_DB", default=str(VAR_DIR / "test.sqlite3"))  # noqa: F405
    }
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Connections of live-server and worker threads close after each request, so that the
# test database can be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0
