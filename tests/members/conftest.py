from uuid import uuid4

import pytest


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """allauth keeps its rate limits (logins, password links) and the TOTP codes already used
    in the cache: each test here gets its own, so that the logins of other tests, or of other
    runs on the same checkout, do not count against it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"members-tests-{uuid4()}",
        }
    }
