"""The cache on Redis, degraded rather than down when Redis does not answer.

Django's own Redis backend, with short timeouts (a second to connect, a second for an
answer) and a local-memory cache behind it. When Redis cannot be reached or does not answer
in time, the operation is done in the memory of this process instead, and so is every
operation for the next `retry_after` seconds (10 by default); then Redis is tried again. One
warning is logged when an outage begins and one line (info) when Redis answers again, per
process.

Why not ignore the errors (django-redis's IGNORE_EXCEPTIONS): a lost read looks like an
empty counter, so the login limits and the PDF limits would let everything through while
Redis is away. In memory they keep counting, per process rather than for the whole site.
What was kept in memory during an outage is dropped when Redis is back.

OPTIONS, besides those of Django's Redis backend (the redis-py connection settings):
`retry_after`, seconds before Redis is tried again after it failed. They can be written in
CACHE_URL's query string: `redis://redis:6379/1?socket_timeout=2&retry_after=30`.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

CONNECTION_DEFAULTS = {"socket_connect_timeout": 1, "socket_timeout": 1}
RETRY_AFTER_SECONDS = 10
# Enough for the login and PDF counters of a busy hour; beyond, the oldest are culled.
LOCAL_MAX_ENTRIES = 10_000


class _Outage:
    """Whether the Redis at one address is taken as away, for every thread of the process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.since: float | None = None
        self.retry_at = 0.0

    def redis_skipped(self, retry_after: float) -> bool:
        """True while Redis is away and not yet due for another try. The one caller that
        finds it due tries it; the others keep to memory meanwhile."""
        if self.since is None:
            return False
        with self.lock:
            if self.since is None:
                return False
            now = time.monotonic()
            if now < self.retry_at:
                return True
            self.retry_at = now + retry_after
            return False

    def begin(self, *, address: str, error: Exception, retry_after: float) -> None:
        with self.lock:
            now = time.monotonic()
            self.retry_at = now + retry_after
            if self.since is not None:
                return
            self.since = now
        logger.warning(
            "The cache's Redis at %s does not answer (%s): each process keeps its cache in "
            "its own memory, and tries Redis again every %g seconds.",
            address,
            error,
            retry_after,
        )

    def end(self, *, address: str, local: LocMemCache) -> None:
        if self.since is None:
            return
        with self.lock:
            if self.since is None:
                return
            seconds = time.monotonic() - self.since
            self.since = None
        local.clear()
        logger.info("The cache's Redis at %s answers again, after %.0f seconds.", address, seconds)


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_of(address: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(address, _Outage())


def _shown(server: str) -> str:
    """The address of a server for the log: no password."""
    parts = urlsplit(server)
    return f"{parts.hostname}:{parts.port or 6379}{parts.path}" if parts.hostname else server


class RedisOrLocalMemoryCache(RedisCache):
    """Django's RedisCache, with this process's memory in its place while Redis is away."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", RETRY_AFTER_SECONDS))
        super().__init__(server, {**params, "OPTIONS": {**CONNECTION_DEFAULTS, **options}})
        self._address = ", ".join(_shown(server) for server in self._servers)
        self._outage = _outage_of(self._address)
        self._local = LocMemCache(
            f"redis-fallback:{self._address}",
            {
                **{
                    name: params[name]
                    for name in ("TIMEOUT", "KEY_PREFIX", "VERSION")
                    if name in params
                },
                "KEY_FUNCTION": self.key_func,
                "OPTIONS": {"MAX_ENTRIES": LOCAL_MAX_ENTRIES},
            },
        )

    def _redis_or_local(self, operation: str, *args, **kwargs):
        if self._outage.redis_skipped(self.retry_after):
            return getattr(self._local, operation)(*args, **kwargs)
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except (redis_errors.ConnectionError, redis_errors.TimeoutError) as error:
            self._outage.begin(address=self._address, error=error, retry_after=self.retry_after)
            return getattr(self._local, operation)(*args, **kwargs)
        self._outage.end(address=self._address, local=self._local)
        return result

    def add(self, *args, **kwargs):
        return self._redis_or_local("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._redis_or_local("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._redis_or_local("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._redis_or_local("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._redis_or_local("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._redis_or_local("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._redis_or_local("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._redis_or_local("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._redis_or_local("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._redis_or_local("delete_many", *args, **kwargs)

    def clear(self):
        self._local.clear()
        return self._redis_or_local("clear")
