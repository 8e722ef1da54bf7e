"""The health of the portal's parts, read for /readyz and the administration's index.

Only reads: each check answers whether its part works, and a failure is logged here, on
the server, never told to whoever asked."""

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from outbox.selectors import outbox_backlog, worker_is_alive, worker_last_seen
from reports.selectors import reports_stuck

logger = logging.getLogger("rcm_portal.health")

OK = "ok"
FAIL = "fail"
# A check that could not be made because the database it reads is down.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class WorkHealth:
    """The background work, as the database records it."""

    worker_seen_at: datetime | None
    outbox_overdue: int
    outbox_failed: int
    stuck_reports: int

    @property
    def worker_alive(self) -> bool:
        return worker_is_alive(seen_at=self.worker_seen_at)

    @property
    def outbox_backlog(self) -> int:
        return self.outbox_overdue + self.outbox_failed

    @property
    def outbox_within_limit(self) -> bool:
        limit = settings.HEALTH_OUTBOX_BACKLOG_LIMIT
        return limit is None or self.outbox_backlog <= limit

    @property
    def stuck_reports_within_limit(self) -> bool:
        limit = settings.HEALTH_STUCK_REPORTS_LIMIT
        return limit is None or self.stuck_reports <= limit


def work_health() -> WorkHealth:
    """The worker's last heartbeat, the outbox backlog and the stuck reports: three
    queries, whatever the number of rows."""
    backlog = outbox_backlog()
    return WorkHealth(
        worker_seen_at=worker_last_seen(),
        outbox_overdue=backlog.overdue,
        outbox_failed=backlog.failed,
        stuck_reports=reports_stuck().count(),
    )


def database_works() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Health: the database does not answer.", exc_info=True)
        return False


def _writable_folder(path: str | os.PathLike) -> bool:
    folder = Path(path)
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def broker_works() -> bool:
    """Whether the Celery broker of the settings takes a connection within
    HEALTH_BROKER_TIMEOUT_SECONDS. Read at each call, so that the broker checked is the one
    configured now. The filesystem broker (no Redis) works when its folders are writable."""
    from rcm_portal.celery import app

    timeout = settings.HEALTH_BROKER_TIMEOUT_SECONDS
    options = {
        **getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
        # Redis: neither connecting nor the PING that proves the connection may hang.
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
    }
    try:
        with app.connection_for_write(
            url=settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options
        ) as broker:
            # One attempt: the probe asking is the one that tries again.
            broker.ensure_connection(max_retries=0, timeout=timeout)
            if broker.transport.driver_type == "filesystem":
                folders = [
                    options.get(key, default)
                    for key, default in (
                        ("data_folder_in", "data_in"),
                        ("data_folder_out", "data_out"),
                        ("control_folder", "control"),
                    )
                ]
                if not all(_writable_folder(folder) for folder in folders):
                    logger.warning("Health: a folder of the filesystem broker is not writable.")
                    return False
        return True
    except Exception:
        logger.warning("Health: the broker does not answer.", exc_info=True)
        return False


@dataclass(frozen=True)
class Readiness:
    database: bool
    broker: bool
    work: WorkHealth | None  # None: the database is down, nothing could be read

    @property
    def ready(self) -> bool:
        return (
            self.database
            and self.broker
            and self.work is not None
            and self.work.worker_alive
            and self.work.outbox_within_limit
            and self.work.stuck_reports_within_limit
        )

    def as_json(self) -> dict:
        """What /readyz tells anyone: each part ok or failed, and counts; no names, no
        error texts, no versions."""
        work = self.work
        checks = {
            "database": {"status": _state(self.database)},
            "broker": {"status": _state(self.broker)},
        }
        if work is None:
            checks |= {
                "worker": {"status": UNKNOWN},
                "outbox": {"status": UNKNOWN, "overdue": None, "failed": None},
                "reports": {"status": UNKNOWN, "stuck": None},
            }
        else:
            checks |= {
                "worker": {"status": _state(work.worker_alive)},
                "outbox": {
                    "status": _state(work.outbox_within_limit),
                    "overdue": work.outbox_overdue,
                    "failed": work.outbox_failed,
                },
                "reports": {
                    "status": _state(work.stuck_reports_within_limit),
                    "stuck": work.stuck_reports,
                },
            }
        return {"status": _state(self.ready), "checks": checks}


def _state(works: bool) -> str:
    return OK if works else FAIL


def readiness() -> Readiness:
    """Every check of /readyz: at most four queries and one broker connection."""
    database = database_works()
    work = None
    if database:
        try:
            work = work_health()
        except Exception:
            logger.warning("Health: the background work could not be read.", exc_info=True)
    return Readiness(database=database, broker=broker_works(), work=work)
