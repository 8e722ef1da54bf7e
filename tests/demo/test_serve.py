"""`manage.py serve`, what `make run` starts: the web server, a Celery worker and Celery beat
come up together and stop together, quietly, on Ctrl-C or SIGTERM; if one stops, the
others are stopped and the command says which one it was.

Each test runs the command as a terminal would, in a process group of its own, on a free
port, with its own copy of a migrated SQLite database and its own filesystem broker, so it
needs no service and meets no other run."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.network import free_port

BASE_DIR = Path(__file__).resolve().parents[2]

# Slow machines (CI shares two cores) start Django and Celery slowly: the waits are bounded
# by these, never by a fixed sleep.
START_SECONDS = 120
STOP_SECONDS = 60

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc")


def _environment(folder: Path, database: Path, **overrides) -> dict[str, str]:
    """The embedded mode of `make run`, whatever services this run of the suite is given."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "CACHE_"))
        and name != "PORTAL_BASE_URL"
    }
    return {
        **kept,
        "DJANGO_SETTINGS_MODULE": "rcm_portal.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "filesystem://localhost/",
        "CELERY_BROKER_FOLDER": str(folder / "broker"),
        "CACHE_URL": f"filecache://{folder / 'cache'}",
        **overrides,
    }


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-database")
    database = folder / "db.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env=_environment(folder, database),
        capture_output=True,
        check=True,
        timeout=300,
    )
    return database


def _processes() -> dict[int, dict]:
    """Every process of the machine: parent, process group, session, state, command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:  # ended meanwhile
            continue
        state, parent, group, session = stat[stat.rindex(")") + 2 :].split()[:4]
        found[int(entry.name)] = {
            "state": state,
            "parent": int(parent),
            "group": int(group),
            "session": int(session),
            "command": command,
        }
    return found


def _environment_of(pid: int) -> dict[str, str]:
    entries = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
    return dict(entry.split("=", 1) for entry in entries if "=" in entry)


class Portal:
    """`manage.py serve` on a free port, its output in a file."""

    def __init__(self, folder: Path, environment: dict[str, str]):
        self.port = free_port()
        self.output = folder / "serve.log"
        with self.output.open("wb") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "serve",
                    "--port",
                    str(self.port),
                    "--beat-schedule",
                    str(folder / "celerybeat-schedule"),
                ],
                cwd=BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                # Its own process group, as a command typed in a terminal has.
                start_new_session=True,
            )
        self.children = {}

    def lines(self) -> list[str]:
        return self.output.read_text(errors="replace").splitlines()

    def wait_until_up(self) -> None:
        """Until the web server answers a page, the worker is ready and beat has started."""
        deadline = time.monotonic() + START_SECONDS
        web_answers = False
        while True:
            assert self.process.poll() is None, "\n".join(self.lines())
            assert time.monotonic() < deadline, "\n".join(self.lines())
            if not web_answers:
                try:
                    url = f"http://127.0.0.1:{self.port}/en/"
                    with urllib.request.urlopen(url, timeout=5) as response:
                        web_answers = response.status == 200
                except OSError:
                    pass
            text = "\n".join(self.lines())
            if web_answers and " ready." in text and "beat: Starting..." in text:
                break
            time.sleep(0.2)
        self.children = self.find_children()

    def find_children(self) -> dict[str, int]:
        """The launcher's children by name, found by their command line."""
        names = {"runserver": "web server", "worker": "Celery worker", "beat": "Celery beat"}
        return {
            names[word]: pid
            for pid, process in _processes().items()
            if process["parent"] == self.process.pid
            for word in names
            if word in process["command"]
        }

    def left_running(self) -> list[list[str]]:
        """What still runs of the launcher's children and of their own children."""
        groups = set(self.children.values()) | {self.process.pid}
        return [
            process["command"]
            for process in _processes().values()
            if process["group"] in groups and process["state"] != "Z"
        ]

    def kill_everything(self) -> None:
        for group in {*self.children.values(), self.process.pid}:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def start_portal(tmp_path, migrated_database):
    portals = []

    def start(**environment):
        database = tmp_path / "db.sqlite3"
        shutil.copyfile(migrated_database, database)
        portals.append(Portal(tmp_path, _environment(tmp_path, database, **environment)))
        return portals[-1]

    yield start
    for portal in portals:  # nothing outlives a failed test
        portal.kill_everything()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_stops_the_web_server_worker_and_beat_quietly(start_portal, signum):
    portal = start_portal()
    portal.wait_until_up()
    assert sorted(portal.children) == ["Celery beat", "Celery worker", "web server"]
    # Each child in a session of its own: a Ctrl-C in the terminal reaches the launcher alone.
    assert all(os.getsid(pid) == pid for pid in portal.children.values())
    shown = len(portal.lines())

    # What the terminal does on Ctrl-C: the signal to the command's whole process group.
    os.killpg(portal.process.pid, signum)
    status = portal.process.wait(timeout=STOP_SECONDS)

    output = portal.lines()
    assert status == 0, output[shown:]
    assert not [line for line in output if "Traceback" in line or "RecursionError" in line]
    assert output[shown:][0] == "Stopping the web server, the Celery worker and Celery beat..."
    assert output[-1] == "Stopped."
    assert len(output) - shown <= 15, output[shown:]
    assert portal.left_running() == []


@pytest.mark.parametrize(
    ("name", "kill"),
    [
        # The worker's whole group.
        ("Celery worker", lambda pid: os.killpg(pid, signal.SIGKILL)),
        # runserver's reloader alone: the server process it started must not stay behind.
        ("web server", lambda pid: os.kill(pid, signal.SIGKILL)),
    ],
    ids=["worker", "web-server"],
)
def test_when_one_stops_the_others_are_stopped_and_it_is_named(start_portal, name, kill):
    portal = start_portal()
    portal.wait_until_up()

    kill(portal.children[name])
    status = portal.process.wait(timeout=STOP_SECONDS)

    output = portal.lines()
    assert status == 1, output
    assert f"The {name} stopped (killed by SIGKILL); stopping the others..." in output
    assert output[-1] == "Stopped."
    assert portal.left_running() == []


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "http://127.0.0.1:{port}"),
        # A blank line copied from .env.example counts as unset.
        ({"PORTAL_BASE_URL": ""}, "http://127.0.0.1:{port}"),
        ({"PORTAL_BASE_URL": "https://rcm.example.org"}, "https://rcm.example.org"),
    ],
    ids=["the-port-served", "blank", "as-set"],
)
def test_the_links_in_e_mails_lead_to_the_address_served(start_portal, environment, expected):
    """PORTAL_BASE_URL, which the worker's e-mails link to, names the port `make run`
    serves, unless it is set already."""
    portal = start_portal(**environment)
    deadline = time.monotonic() + START_SECONDS
    while len(portal.find_children()) < 3:
        assert time.monotonic() < deadline, portal.lines()
        time.sleep(0.1)
    portal.children = portal.find_children()
    expected = expected.format(port=portal.port)

    for name in ("web server", "Celery worker", "Celery beat"):
        assert _environment_of(portal.children[name])["PORTAL_BASE_URL"] == expected, name

    os.killpg(portal.process.pid, signal.SIGTERM)
    assert portal.process.wait(timeout=STOP_SECONDS) == 0
    assert portal.left_running() == []
