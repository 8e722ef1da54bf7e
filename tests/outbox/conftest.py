import pytest

from rcm_portal.celery import app as celery_app
from tests.outbox.processes import LIMITS, CeleryProcesses


def _reset_producers():
    celery_app._pool = None
    celery_app.__dict__.get("amqp") and setattr(celery_app.amqp, "_producer_pool", None)


@pytest.fixture
def broker(private_redis):
    """The web side (this test process) sends its messages to the test's own Redis."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    conf.broker_url = f"{private_redis.url}/0"
    conf.broker_transport_options = {"socket_connect_timeout": 1, "visibility_timeout": 130}
    _reset_producers()
    yield private_redis
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


# TEMPORARY private redis
import socket, subprocess, time, shutil  # noqa


class _Redis:
    def __init__(self, folder):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}"
        self.folder = folder
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def private_redis(tmp_path):
    redis = _Redis(tmp_path)
    redis.start()
    yield redis
    if redis.process.poll() is None:
        redis.stop()
