import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from csp.constants import NONCE
from django.test import Client

BASE_DIR = Path(__file__).resolve().parents[2]

# What an operator gives the portal in production (docker-compose.yml does the same).
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "DJANGO_SETTINGS_MODULE": "rcm_portal.settings",
}

# The settings that make the headers and cookies; the test run takes production's values.
SECURITY_SETTINGS = (
    "SECURE_",
    "SESSION_COOKIE_",
    "CSRF_COOKIE_",
    "LANGUAGE_COOKIE_",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
    "X_FRAME_OPTIONS",
)

_DUMP = """
import json
from csp.constants import NONCE
from django.conf import settings

def plain(value):
    if value is NONCE:
        return "<nonce>"
    raise TypeError(repr(value))

names = [name for name in dir(settings) if name.startswith(tuple(%r))]
print(json.dumps({name: getattr(settings, name) for name in names}, default=plain))
"""


def production_environ() -> dict[str, str]:
    """The environment of a production process, with a fresh secret key."""
    return {**os.environ, **PRODUCTION_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}


def _revive(value):
    if value == "<nonce>":
        return NONCE
    if isinstance(value, list):
        return [_revive(item) for item in value]
    if isinstance(value, dict):
        return {key: _revive(item) for key, item in value.items()}
    return value


@pytest.fixture(scope="session")
def _production_security_settings():
    """The security settings as `rcm_portal.settings` builds them for production, read in a
    process of their own (the settings module reads the environment once, when imported)."""
    result = subprocess.run(
        [sys.executable, "-c", _DUMP % (SECURITY_SETTINGS,)],
        env=production_environ(),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    values = {name: _revive(value) for name, value in json.loads(result.stdout).items()}
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, _production_security_settings):
    """This test runs with production's headers and cookies."""
    for name, value in _production_security_settings.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def https_client(production):
    """A browser reaching the portal through the TLS-terminating proxy, which says so in
    X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER)."""
    return Client(headers={"X-Forwarded-Proto": "https"})
