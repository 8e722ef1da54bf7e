"""`manage.py serve`: the web server, a Celery worker and Celery beat in one terminal, as
`make run` starts them. Ctrl-C (or SIGTERM, or closing the terminal) stops all three.

Each child runs in a session of its own, so a Ctrl-C in the terminal reaches this launcher
alone: it sends SIGTERM to each child's process group (runserver's reloader has a child of
its own), waits a bounded time, then kills what is left, and exits 0. A child that stops by
itself stops the others too, and the launcher exits 1, naming it.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

# prctl(2): the child receives SIGTERM when the launcher dies, even by SIGKILL.
_PR_SET_PDEATHSIG = 1


class _Child:
    def __init__(self, *, name: str, command: list[str], environment: dict[str, str]):
        self.name = name
        launcher = os.getpid()
        libc = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None

        def _in_a_session_of_its_own():
            os.setsid()
            if libc is not None:
                libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
                if os.getppid() != launcher:  # the launcher died before prctl
                    os._exit(1)

        self.process = subprocess.Popen(  # noqa: S603 - our own fixed commands
            command,
            cwd=settings.BASE_DIR,
            env=environment,
            # Safe here: the launcher has no threads.
            preexec_fn=_in_a_session_of_its_own,
        )

    def has_ended(self) -> bool:
        # WNOWAIT leaves it a zombie: until it is reaped its process group id cannot be
        # reused, so signalling the group never reaches anyone else.
        flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
        return os.waitid(os.P_PID, self.process.pid, flags) is not None

    def signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def reap(self) -> str:
        """Kill whatever is left of its group (a grandchild), reap it, and say how it ended."""
        self.signal_group(signal.SIGKILL)
        code = self.process.wait()
        return f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"


@contextlib.contextmanager
def _terminal_foreground():
    """Hold the terminal's foreground in a process group of this command's own.

    A terminal sends Ctrl-C's SIGINT to its whole foreground process group: `make`, which
    started this command, would receive it too and exit 130 whatever this command does.
    In a group of its own at the terminal's foreground, this command receives Ctrl-C
    alone, stops the children, gives the foreground back and exits 0, and so does make.
    Without a terminal, or in the background, nothing changes."""
    try:
        terminal = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        yield
        return
    try:
        previous = os.tcgetpgrp(terminal)
        if previous != os.getpgrp():
            yield  # started in the background: the terminal is someone else's
            return
        # Changing the foreground from a group that is not (or no longer) it stops the
        # process with SIGTTOU unless that is ignored.
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        os.setpgid(0, 0)
        os.tcsetpgrp(terminal, os.getpgrp())
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.tcsetpgrp(terminal, previous)
    finally:
        os.close(terminal)


class Command(BaseCommand):
    help = (
        "Serve the portal with Django's development server, a Celery worker and Celery beat; "
        "Ctrl-C stops all three."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--beat-schedule",
            type=Path,
            help="Celery beat's schedule file (default: var/celerybeat-schedule).",
        )
        parser.add_argument(
            "--stop-timeout",
            type=float,
            default=10.0,
            help="Seconds the children have to stop before they are killed.",
        )
        parser.add_argument(
            "--noreload", action="store_true", help="Do not restart the web server on changes."
        )

    def handle(self, *args, host, port, beat_schedule, stop_timeout, noreload, **options):
        signals = []
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, lambda signum, frame: signals.append(signum))

        address = f"[{host}]" if ":" in host else host
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        # The links in e-mails lead to the address served, unless the environment (or
        # .env, which the settings have loaded into it) names another.
        if not environment.get("PORTAL_BASE_URL", "").strip():
            shown = "127.0.0.1" if host in ("0.0.0.0", "::") else address  # noqa: S104
            environment["PORTAL_BASE_URL"] = f"http://{shown}:{port}"
        beat_schedule = beat_schedule or settings.VAR_DIR / "celerybeat-schedule"
        beat_schedule.parent.mkdir(parents=True, exist_ok=True)
        celery = [sys.executable, "-m", "celery", "-A", "rcm_portal"]
        commands = {
            "web server": [
                sys.executable,
                str(settings.BASE_DIR / "manage.py"),
                "runserver",
                f"{address}:{port}",
                *(["--noreload"] if noreload else []),
            ],
            "Celery worker": [*celery, "worker", "--pool=solo", "--loglevel=INFO"],
            "Celery beat": [*celery, "beat", "--loglevel=INFO", f"--schedule={beat_schedule}"],
        }

        with _terminal_foreground():
            self._serve(commands, environment, signals, stop_timeout)

    def _serve(self, commands, environment, signals, stop_timeout):
        children = []
        ended = None
        try:
            for name, command in commands.items():
                if signals:
                    break
                children.append(_Child(name=name, command=command, environment=environment))
            while not signals and ended is None:
                time.sleep(0.2)
                ended = next((child for child in children if child.has_ended()), None)
        finally:
            if ended is None:
                self._say("Stopping the web server, the Celery worker and Celery beat...")
            else:
                children.remove(ended)
                self._say(f"The {ended.name} stopped ({ended.reap()}); stopping the others...")
            self._stop(children, stop_timeout, signals)
            self._say("Stopped.")
        if ended is not None:
            sys.exit(1)

    def _stop(self, children, timeout, signals):
        for child in children:
            if not child.has_ended():
                child.signal_group(signal.SIGTERM)
        # A second Ctrl-C does not wait.
        patience, deadline = len(signals), time.monotonic() + timeout
        while (
            any(not child.has_ended() for child in children)
            and time.monotonic() < deadline
            and len(signals) <= patience
        ):
            time.sleep(0.1)
        for child in children:
            child.reap()

    def _say(self, line):
        self.stdout.write(line)
        self.stdout.flush()
