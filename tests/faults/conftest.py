"""Fixtures for the tests where a service the portal uses goes away.

`redis_server` is a redis-server of the test's own (see `redis_server.RedisServer`): point a
cache or a broker at `redis_server.url`, then `stop()`, `start()`, `pause()` or `resume()` it
as the test needs. It is killed when the test ends, whatever the test did. The shared Redis
on port 6379 is never touched.

Without a `redis-server` binary on the PATH the tests that ask for it are skipped, except in
CI (CI=true), where that is a failure: CI promises every service.
"""

import shutil

import pytest

from rcm_portal.celery import app as celery_app
from tests.conftest import IN_CI
from tests.faults.celery_processes import LIMITS, CeleryProcesses
from tests.faults.redis_server import RedisServer, RedisServerError, cache_on

# A port picked free may be taken before redis-server binds it: a new one is tried.
START_ATTEMPTS = 3


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (Debian package redis-server)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    for attempt in range(1, START_ATTEMPTS + 1):
        server = RedisServer(binary=binary, directory=tmp_path / f"redis-{attempt}")
        try:
            server.start()
            break
        except RedisServerError:
            server.kill()
            if attempt == START_ATTEMPTS:
                raise
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def redis_cache(settings, redis_server):
    """The portal's cache on the test's own Redis (database 1, as with REDIS_URL), trying
    Redis again one second after it failed instead of ten, so that a test sees it return."""
    cache_on(settings, redis_server, retry_after=1)
    return redis_server


def _reset_producers():
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(redis_cache):
    """The web side (this test process) on the test's own Redis, as in production: its
    Celery messages on database 0, its cache on database 1."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    conf.broker_url = f"{redis_cache.url}/0"
    conf.broker_transport_options = {"socket_connect_timeout": 1, "visibility_timeout": 130}
    _reset_producers()
    yield redis_cache
    conf.broker_url, conf.broker_transport_options = saved
    _reset_producers()


@pytest.fixture
def celery_processes(broker, tmp_path, settings):
    """A worker and a beat on the test's own Redis; pytest shows their logs if the test
    fails. The web side (this process) keeps the same short limits as they do."""
    for name, value in LIMITS.items():
        setattr(settings, name, float(value) if "." in value else int(value))
    processes = CeleryProcesses(broker_url=f"{broker.url}/0", folder=tmp_path / "celery")
    processes.folder.mkdir()
    yield processes
    processes.stop()
    print(processes.logs())
