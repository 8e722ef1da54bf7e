"""The private redis-server of the fault tests starts, stops, restarts on its port and
freezes within bounded waits, and never is the shared Redis."""

import socket
import time

from tests.faults.redis_server import SHARED_PORT


def _answers(url: str) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


def test_the_server_answers_stops_and_starts_again_on_the_same_port(redis_server):
    port = redis_server.port
    assert port != SHARED_PORT
    assert redis_server.url == f"redis://127.0.0.1:{port}"
    assert _answers(redis_server.url)

    redis_server.stop()

    assert not redis_server.running
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # refused
    assert not _answers(redis_server.url)

    redis_server.start()

    assert redis_server.port == port
    assert _answers(redis_server.url)


def test_a_paused_server_accepts_connections_but_answers_nothing(redis_server):
    redis_server.pause()
    started = time.monotonic()

    assert redis_server.accepts_connections()
    assert not _answers(redis_server.url)
    assert time.monotonic() - started < 5

    redis_server.resume()

    assert _answers(redis_server.url)


def test_a_stopped_server_keeps_nothing(redis_server):
    import redis

    redis.Redis.from_url(redis_server.url).set("kept", "no")
    redis_server.stop()
    redis_server.start()

    assert redis.Redis.from_url(redis_server.url).get("kept") is None
