"""A redis-server of a test's own, to stop, restart or freeze while the portal uses it.

The shared Redis (port 6379, the broker and cache of the CI run) is never touched: each
server here listens on a free port of the loopback address, keeps nothing on disk, writes its
log in a folder of its own and is killed when its test ends, whatever happened.
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.network import accepts_connections, free_port

SHARED_PORT = 6379


class RedisServerError(RuntimeError):
    """The server did not start or stop within its time."""


class RedisServer:
    """One redis-server process on 127.0.0.1:`port`.

    `url` is the address to give a client (`redis://127.0.0.1:PORT`, database 0; append
    `/1` for another database). `stop()` ends the process and returns once the port refuses
    connections; `start()` starts it again on the same port and returns once it answers
    PING (its data is gone: nothing is saved). `pause()` freezes the process (SIGSTOP): the
    kernel still accepts connections but no command is answered, as with a Redis that hangs;
    `resume()` thaws it. `kill()` ends it at once and never raises: it is the teardown.
    Every wait is bounded by `timeout` seconds and raises RedisServerError past it.
    """

    def __init__(self, *, binary: str, directory: Path, port: int | None = None, timeout=10.0):
        self.binary = binary
        self.directory = Path(directory)
        self.port = port or free_port()
        if self.port == SHARED_PORT:
            raise RedisServerError(f"port {SHARED_PORT} is the shared Redis: never used here")
        self.timeout = timeout
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.directory / "redis.log"

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<RedisServer {self.url} {state}>"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", str(self.directory),
                "--logfile", str(self.log),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + self.timeout
        while not self.ping():
            if self.process.poll() is not None:
                raise RedisServerError(f"redis-server exited: {self._log_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RedisServerError(
                    f"redis-server did not answer PING within {self.timeout} s: {self._log_tail()}"
                )
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is None:
            return
        self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=self.timeout)
        deadline = time.monotonic() + self.timeout
        while self.accepts_connections():
            if time.monotonic() > deadline:
                raise RedisServerError(f"port {self.port} still accepts connections")
            time.sleep(0.02)

    def pause(self) -> None:
        if self.running:
            os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.running:
            os.kill(self.process.pid, signal.SIGCONT)

    def kill(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.process.kill()
            self.process.wait(timeout=self.timeout)
        except (OSError, subprocess.TimeoutExpired):
            pass

    def accepts_connections(self) -> bool:
        return accepts_connections(self.port)

    def ping(self) -> bool:
        """Whether the server answers PING now (within half a second)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def _log_tail(self) -> str:
        try:
            return " | ".join(self.log.read_text(errors="replace").splitlines()[-5:])
        except OSError:
            return "(no log)"


def cache_on(settings, redis_server, *, retry_after: float, **options) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "rcm_portal.cache.RedisOrLocalMemoryCache",
            "LOCATION": f"{redis_server.url}/1",
            "OPTIONS": {"retry_after": retry_after, **options},
        }
    }
