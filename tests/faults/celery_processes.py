"""Real Celery processes for the fault tests: a worker and a beat on a broker of the test's
own, which the test may stop, kill and start again without touching shared services."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email import message_from_string, policy
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.network import accepts_connections, free_port

# Short limits, so that the work of a killed worker is taken over within seconds.
# The lease stays long: a test that sees work taken over well before it proves that the
# takeover came from the claim check (or the broker's redelivery), not from the lease.
LIMITS = {
    "CELERY_TASK_TIME_LIMIT": "10",
    "OUTBOX_LEASE_SECONDS": "120",
    "OUTBOX_CLAIM_CHECK_SECONDS": "2",
    "OUTBOX_SWEEP_SECONDS": "1",
    "OUTBOX_RETRY_BASE_SECONDS": "1",
}


def wait_for(condition, *, timeout: float, what: str, every: float = 0.1):
    """Wait until `condition()` is true, at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout:.0f} s, still waiting for {what}")
        time.sleep(every)


@dataclass
class CeleryProcesses:
    """A worker (prefork, one child) and a beat, both on `broker_url`."""

    broker_url: str
    folder: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    started: int = 0

    @property
    def mail_dir(self) -> Path:
        return self.folder / "mail"

    def _environment(self) -> dict[str, str]:
        return {
            **os.environ,
            **LIMITS,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "PYTHONUNBUFFERED": "1",
            "CELERY_BROKER_URL": self.broker_url,
            "RCM_FAULTS_DATABASE": str(connection.settings_dict["NAME"]),
            "RCM_FAULTS_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "RCM_FAULTS_MAIL_DIR": str(self.mail_dir),
        }

    def _start(self, name: str, arguments: list[str]) -> subprocess.Popen:
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        self.started += 1
        log = (self.folder / f"{name}-{self.started}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "rcm_portal", *arguments],
            cwd=settings.BASE_DIR,
            env=self._environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def start_worker(self) -> subprocess.Popen:
        return self._start(
            "worker",
            [
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                # The same name each time, as a restarted container or service has.
                "--hostname",
                "faults@%h",
            ],
        )

    def start_web(self) -> str:
        """Gunicorn, one process, serving the test's database; returns its address."""
        port = free_port()
        log = (self.folder / "web.log").open("w")
        self.processes["web"] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "rcm_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=settings.BASE_DIR,
            env=self._environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: accepts_connections(port), timeout=30, what="gunicorn")
        return f"http://127.0.0.1:{port}"

    def start_beat(self) -> subprocess.Popen:
        return self._start(
            "beat",
            ["beat", "--loglevel=INFO", "--schedule", str(self.folder / "beat-schedule")],
        )

    def pool_children(self) -> list[int]:
        """The worker's pool processes (the children of its main process)."""
        worker = self.processes["worker"].pid
        found = []
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == worker:
                found.append(int(status.parent.name))
        return found

    def kill_worker(self) -> None:
        """`kill -9` the worker's main process and its pool, as a crash or a host loss."""
        process = self.processes.pop("worker")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def sent_mail(folder: Path) -> list[EmailMessage]:
    """The e-mails the worker wrote to files."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        for part in path.read_text().split("-" * 79):
            if "Subject:" in part:
                messages.append(message_from_string(part.strip(), policy=policy.default))
    return messages
