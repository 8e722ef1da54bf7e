"""Which cache the settings build from REDIS_URL and CACHE_URL: files without Redis, and
for a Redis the backend that falls back to memory while Redis does not answer."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
FALLBACK = "rcm_portal.cache.RedisOrLocalMemoryCache"


def _cache_settings(**environ) -> dict:
    """settings.CACHES["default"] as a process started with `environ` builds it."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("REDIS_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE")
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CACHES['default']))"
    )
    printed = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "rcm_portal.settings", **environ},
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return json.loads(printed)


@pytest.mark.parametrize("environ", [{}, {"REDIS_URL": "", "CACHE_URL": ""}])
def test_without_redis_the_cache_is_files(environ):
    assert _cache_settings(**environ) == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(PROJECT / "var" / "cache"),
    }


def test_redis_url_gives_database_1_with_the_fallback():
    assert _cache_settings(REDIS_URL="redis://redis:6379", CACHE_URL="") == {
        "BACKEND": FALLBACK,
        "LOCATION": "redis://redis:6379/1",
    }


def test_cache_url_wins_and_its_query_sets_timeouts_and_the_retry_delay():
    cache = _cache_settings(
        REDIS_URL="redis://redis:6379",
        CACHE_URL="redis://cache:6380/2?socket_timeout=2&retry_after=30",
    )

    assert cache == {
        "BACKEND": FALLBACK,
        "LOCATION": "redis://cache:6380/2",
        "OPTIONS": {"socket_timeout": 2, "retry_after": 30},
    }


def test_a_cache_url_of_another_kind_is_left_as_it_is():
    assert _cache_settings(CACHE_URL="locmemcache://portal") == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    }
