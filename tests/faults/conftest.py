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

from tests.conftest import IN_CI
from tests.faults.redis_server import RedisServer, RedisServerError

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
