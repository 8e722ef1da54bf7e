"""The health checks: /healthz and /readyz for probes and monitoring, and the summary at the
top of the administration's index for staff."""

import json
import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outbox.models import OutboxMessage, OutboxState, WorkerHeartbeat
from outbox.services import outbox_sweep
from reports.models import Report, ReportKind, ReportState
from tests.factories import WorkshopFactory
from tests.logins import login_with_second_factor

pytestmark = pytest.mark.django_db

WORKER = "celery@rcm-worker-7.internal"


def _ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def _readyz(client):
    response = client.get("/readyz")
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response, response.json()


def _statuses(body) -> dict[str, str]:
    return {name: check["status"] for name, check in body["checks"].items()}


@pytest.fixture
def worker_seen():
    """A worker carried out the periodic sweep just now, as Celery beat has it do."""
    outbox_sweep(hostname=WORKER)


def _message(key, *, state=OutboxState.PENDING, available_at=None):
    return OutboxMessage.objects.create(
        key=key,
        handler="reports.render",
        arguments={"report_id": key},
        state=state,
        available_at=available_at or timezone.now(),
    )


def _report(title, *, state, queued_at=None, started_at=None):
    workshop = WorkshopFactory()
    return Report.objects.create(
        kind=ReportKind.WORKSHOP,
        source_type=ContentType.objects.get_for_model(workshop),
        source_id=workshop.pk,
        language="en",
        title=title,
        content={},
        content_hash=title.ljust(64, "0")[:64],
        state=state,
        queued_at=queued_at or timezone.now(),
        started_at=started_at,
    )


@pytest.fixture
def backlog(settings):
    """Two messages waiting too long and one that gave up, two reports stuck; beside them,
    work going as it should."""
    overdue = settings.HEALTH_OUTBOX_OVERDUE_SECONDS + 60
    stale = settings.OUTBOX_LEASE_SECONDS + 60
    _message("overdue-1", available_at=_ago(overdue))
    _message("overdue-2", available_at=_ago(overdue * 2))
    _message("failed-1", state=OutboxState.FAILED, available_at=_ago(overdue))
    _message("due-now")
    _message("done-long-ago", state=OutboxState.DONE, available_at=_ago(overdue))
    _report("Never rendered", state=ReportState.QUEUED, queued_at=_ago(stale))
    _report("Worker gone", state=ReportState.RENDERING, started_at=_ago(stale))
    _report("Just asked for", state=ReportState.QUEUED)
    _report("Rendering now", state=ReportState.RENDERING, started_at=timezone.now())
    _report("Failed long ago", state=ReportState.FAILED, queued_at=_ago(stale))


def test_healthz_says_the_process_answers_and_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_the_checks_answer_at_their_exact_paths_to_get_and_head_only(client):
    assert client.head("/healthz").status_code == 200
    assert client.head("/readyz").status_code == 503
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
    # No redirect to a language or a trailing slash: a probe gets its answer at once.
    assert client.get("/healthz/").status_code == 404
    assert client.get("/en/healthz").status_code == 404


def test_readyz_is_ready_once_a_worker_swept(client, worker_seen):
    start = time.monotonic()
    response, body = _readyz(client)

    assert response.status_code == 200, body
    assert body["status"] == "ok"
    # The database, and the broker the settings configure: files without Redis, Redis in CI.
    assert _statuses(body) == {
        "database": "ok",
        "broker": "ok",
        "worker": "ok",
        "outbox": "ok",
        "reports": "ok",
    }
    assert body["checks"]["outbox"] == {"status": "ok", "overdue": 0, "failed": 0}
    assert body["checks"]["reports"] == {"status": "ok", "stuck": 0}
    assert WORKER not in response.content.decode()
    assert "rcm-worker" not in response.content.decode()
    assert time.monotonic() - start < 2


def test_readyz_fails_when_no_worker_was_ever_seen(client):
    response, body = _readyz(client)

    assert response.status_code == 503
    assert body["status"] == "fail"
    assert _statuses(body)["worker"] == "fail"
    assert _statuses(body)["database"] == "ok"
    assert _statuses(body)["broker"] == "ok"


def test_readyz_fails_when_the_last_heartbeat_is_old(client, settings):
    WorkerHeartbeat.objects.create(
        hostname=WORKER, seen_at=_ago(settings.HEALTH_WORKER_SECONDS + 5)
    )

    response, body = _readyz(client)

    assert response.status_code == 503
    assert _statuses(body)["worker"] == "fail"
    assert WORKER not in response.content.decode()


def test_readyz_fails_when_the_broker_does_not_answer(client, settings, worker_seen):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    start = time.monotonic()

    response, body = _readyz(client)

    assert response.status_code == 503
    assert _statuses(body) == {
        "database": "ok",
        "broker": "fail",
        "worker": "ok",
        "outbox": "ok",
        "reports": "ok",
    }
    assert time.monotonic() - start < settings.HEALTH_BROKER_TIMEOUT_SECONDS + 1
    assert "127.0.0.1" not in response.content.decode()
    assert "refused" not in response.content.decode().lower()


def test_the_filesystem_broker_works_while_its_folders_are_writable(
    client, settings, tmp_path, worker_seen
):
    folders = {
        "data_folder_in": tmp_path / "queue",
        "data_folder_out": tmp_path / "queue",
        "control_folder": tmp_path / "control",
    }
    settings.CELERY_BROKER_URL = "filesystem://localhost/"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {key: str(path) for key, path in folders.items()}
    (tmp_path / "queue").mkdir()

    response, body = _readyz(client)
    assert _statuses(body)["broker"] == "fail"  # no control folder
    assert response.status_code == 503

    (tmp_path / "control").mkdir()
    response, body = _readyz(client)
    assert _statuses(body)["broker"] == "ok"
    assert response.status_code == 200


def test_readyz_counts_overdue_and_failed_messages_and_stuck_reports(client, worker_seen, backlog):
    response, body = _readyz(client)

    assert body["checks"]["outbox"] == {"status": "ok", "overdue": 2, "failed": 1}
    assert body["checks"]["reports"] == {"status": "ok", "stuck": 2}
    assert response.status_code == 200


def test_readyz_fails_past_the_backlog_limits(client, settings, worker_seen, backlog):
    settings.HEALTH_OUTBOX_BACKLOG_LIMIT = 3
    settings.HEALTH_STUCK_REPORTS_LIMIT = 1

    response, body = _readyz(client)

    assert response.status_code == 503
    assert _statuses(body)["outbox"] == "ok"  # 2 overdue and 1 failed: at the limit
    assert _statuses(body)["reports"] == "fail"

    settings.HEALTH_OUTBOX_BACKLOG_LIMIT = 2
    settings.HEALTH_STUCK_REPORTS_LIMIT = None  # "off"
    response, body = _readyz(client)

    assert response.status_code == 503
    assert _statuses(body)["outbox"] == "fail"
    assert _statuses(body)["reports"] == "ok"
    assert body["checks"]["outbox"]["overdue"] == 2


def test_readyz_costs_the_same_few_queries_however_much_work_waits(
    client, worker_seen, django_assert_num_queries
):
    # The database, the heartbeat, the outbox backlog and the stuck reports: one each.
    with django_assert_num_queries(4):
        assert client.get("/readyz").status_code == 200
    for number in range(3):
        _message(f"late-{number}", available_at=_ago(3600))
        _message(f"failed-{number}", state=OutboxState.FAILED)
        WorkerHeartbeat.objects.create(hostname=f"celery@other-{number}", seen_at=_ago(5))
    with django_assert_num_queries(4):
        assert client.get("/readyz").status_code == 200


def test_readyz_answers_503_when_the_database_is_down(client, worker_seen):
    def database_down(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(database_down):
        response, body = _readyz(client)

    assert response.status_code == 503
    assert body == {
        "status": "fail",
        "checks": {
            "database": {"status": "fail"},
            "broker": {"status": "ok"},
            "worker": {"status": "unknown"},
            "outbox": {"status": "unknown", "overdue": None, "failed": None},
            "reports": {"status": "unknown", "stuck": None},
        },
    }
    assert "refused" not in json.dumps(body)


# The summary at the top of the administration's index.


def _index(client, language="en"):
    response = client.get(f"/{language}/admin/")
    assert response.status_code == 200
    return response.content.decode()


def _panel(html: str) -> str:
    start = html.index('<section class="module rcm-work-health"')
    return html[start : html.index("</section>", start)]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_staff_see_that_no_worker_runs_and_what_waits(client, secretariat, backlog):
    login_with_second_factor(client, secretariat)

    panel = _panel(_index(client))
    text = _text(panel)

    assert "Background work" in text
    assert "Celery worker Warning: no worker seen" in text
    assert "Outbox messages overdue Warning: 2" in text
    assert "Outbox messages failed Warning: 1" in text
    assert "Reports stuck Warning: 2" in text
    assert '<a href="/en/admin/outbox/outboxmessage/?overdue=yes">2</a>' in panel
    assert '<a href="/en/admin/outbox/outboxmessage/?state__exact=failed">1</a>' in panel
    assert '<a href="/en/admin/reports/report/?stuck=yes">2</a>' in panel
    assert '<a href="/en/admin/outbox/workerheartbeat/">' in panel
    assert "<h2" in panel and 'scope="row"' in panel


def test_staff_see_when_the_worker_was_last_seen(client, secretariat, worker_seen):
    login_with_second_factor(client, secretariat)

    text = _text(_panel(_index(client)))

    assert "Celery worker Last seen 0 minutes ago" in text
    assert "Warning" not in text
    assert "Outbox messages overdue 0" in text
    assert WORKER not in text


def test_staff_see_a_worker_gone_quiet(client, secretariat, settings):
    WorkerHeartbeat.objects.create(hostname=WORKER, seen_at=_ago(3 * 3600))
    login_with_second_factor(client, secretariat)

    text = _text(_panel(_index(client)))

    assert "Celery worker Warning: last seen 3 hours ago" in text


def test_the_summary_speaks_the_language_of_the_administration(client, secretariat, backlog):
    login_with_second_factor(client, secretariat)

    text = _text(_panel(_index(client, "es")))

    assert "Trabajo en segundo plano" in text
    assert "Aviso: no se ha visto ningún worker" in text
    assert "Informes atascados Aviso: 2" in text
    assert "/es/admin/reports/report/?stuck=yes" in _index(client, "es")


def test_the_links_of_the_summary_list_what_it_counts(client, secretariat, backlog):
    login_with_second_factor(client, secretariat)

    overdue = client.get("/en/admin/outbox/outboxmessage/?overdue=yes").content.decode()
    failed = client.get("/en/admin/outbox/outboxmessage/?state__exact=failed").content.decode()
    stuck = client.get("/en/admin/reports/report/?stuck=yes").content.decode()

    assert "overdue-1" in overdue and "overdue-2" in overdue
    assert "due-now" not in overdue and "failed-1" not in overdue
    assert "failed-1" in failed and "overdue-1" not in failed
    assert "Never rendered" in stuck and "Worker gone" in stuck
    assert "Just asked for" not in stuck and "Rendering now" not in stuck


def test_the_summary_costs_the_same_queries_however_much_waits(
    client, secretariat, django_assert_num_queries
):
    login_with_second_factor(client, secretariat)
    _index(client)  # the session and permissions, as on any page
    with CaptureQueriesContext(connection) as few:
        _index(client)
    for number in range(3):
        _message(f"late-{number}", available_at=_ago(3600))
        _message(f"failed-{number}", state=OutboxState.FAILED)
        WorkerHeartbeat.objects.create(hostname=f"celery@other-{number}", seen_at=_ago(5))
    with django_assert_num_queries(len(few.captured_queries)):
        _index(client)


def test_the_limits_and_delays_come_from_the_environment():
    """Settings are read once, when the process starts: read them in a process of its own."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rcm_portal.settings",
        "OUTBOX_SWEEP_SECONDS": "10",
        "HEALTH_WORKER_SECONDS": "",  # blank, as copied from .env.example: the default
        "HEALTH_OUTBOX_BACKLOG_LIMIT": "off",
        "HEALTH_STUCK_REPORTS_LIMIT": "3",
    }
    names = ("HEALTH_WORKER_SECONDS", "HEALTH_OUTBOX_BACKLOG_LIMIT", "HEALTH_STUCK_REPORTS_LIMIT")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from django.conf import settings; print([getattr(settings, n) for n in {names!r}])",
        ],
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "[90.0, None, 3]"
