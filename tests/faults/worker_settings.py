"""Settings of the worker processes the fault tests start: the test run's database, media
folder and broker, e-mails written to files the test reads, and short limits so that a
killed worker's work is taken over within seconds."""

import os

from rcm_portal.settings_test import *  # noqa: F403
from rcm_portal.settings_test import DATABASES

DATABASES["default"]["NAME"] = os.environ["RCM_FAULTS_DATABASE"]
MEDIA_ROOT = os.environ["RCM_FAULTS_MEDIA_ROOT"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["RCM_FAULTS_MAIL_DIR"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # As in production: connections kept between tasks, checked before each is used.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
