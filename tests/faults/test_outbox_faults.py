"""Faults lose nothing. A real worker and beat on the test's own Redis, which the tests stop,
kill and start again: every e-mail and every PDF still arrives, once."""

import os
import re
import signal
import urllib.error
import urllib.parse
import urllib.request

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutboxMessage, OutboxState, WorkerHeartbeat
from practices.models import Practice, PracticeStatus
from reports.models import Report, ReportState
from tests.factories import ObjectiveFactory, WorkshopFactory
from tests.faults.celery_processes import LIMITS, sent_mail, wait_for
from tests.practices.test_delegate import _complete, _form_key
from tests.reference_data import reference_data_restore

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """A test before this one may have emptied the tables the migrations fill."""
    reference_data_restore()


LEASE = int(LIMITS["OUTBOX_LEASE_SECONDS"])


@pytest.fixture
def running(celery_processes):
    """A worker and a beat, up: the worker has carried out the sweep at least once."""
    celery_processes.start_worker()
    celery_processes.start_beat()
    wait_for(WorkerHeartbeat.objects.exists, timeout=60, what="the worker's first heartbeat")
    return celery_processes


def _next_sweep():
    seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)[0]
    wait_for(
        lambda: WorkerHeartbeat.objects.filter(seen_at__gt=seen).exists(),
        timeout=30,
        what="another sweep",
    )


def _workshop(objectives: int = 3):
    workshop = WorkshopFactory(title_en="Attention to migrant women and girls")
    for number in range(1, objectives + 1):
        ObjectiveFactory(
            workshop=workshop,
            kind="general" if number == 1 else "specific",
            number=number,
            text_en=f"Objective {number}: to advance the exchange of practices. " * 12,
        )
    return workshop


def _ready(*, what: str) -> Report:
    """The one report, once ready (at most a minute)."""
    wait_for(lambda: Report.objects.filter(state=ReportState.READY).exists(), timeout=60, what=what)
    return Report.objects.get()


def _ask_for_pdf(client, workshop):
    return client.post(
        reverse("reports:request", kwargs={"kind": "workshop", "source_id": workshop.pk}),
        {"language": "en"},
    )


def test_a_submission_while_redis_is_down_succeeds_and_its_email_arrives_once(
    client, delegate_mx, secretariat, broker, running
):
    client.force_login(delegate_mx)
    key = _form_key(client)

    broker.stop()
    response = client.post(
        reverse("practices:create"), {"form_key": key, **_complete(action="submit")}
    )

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:mine_detail", args=[practice.pk])
    assert practice.status == PracticeStatus.SUBMITTED
    assert OutboxMessage.objects.get().state == OutboxState.PENDING
    assert client.get(response["Location"]).status_code == 200

    broker.start()
    wait_for(lambda: sent_mail(running.mail_dir), timeout=60, what="the Secretariat's e-mail")
    _next_sweep()
    _next_sweep()
    [mail] = sent_mail(running.mail_dir)  # once
    assert mail["To"] == "officer@example.org"
    assert "New practice submitted by Mexico" in mail["Subject"]
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.DONE}


def test_a_pdf_asked_for_while_redis_is_down_is_ready_when_it_returns_without_a_click(
    client, broker, running
):
    workshop = _workshop()
    broker.stop()

    response = _ask_for_pdf(client, workshop)

    assert response.status_code == 302
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert "Your PDF is in the queue and will be ready shortly" in status.content.decode()
    assert Report.objects.get().state == ReportState.QUEUED

    broker.start()
    report = _ready(what="the PDF")
    assert report.attempts == 1
    page = client.get(response["Location"]).content.decode()
    assert "Your PDF is ready." in page
    assert client.get(f"{response['Location']}download/").getvalue().startswith(b"%PDF-")


def _rendering(client, workshop):
    """Ask for a PDF and wait until a worker is in the middle of rendering it."""
    _ask_for_pdf(client, workshop)
    wait_for(
        lambda: Report.objects.filter(state=ReportState.RENDERING).exists(),
        timeout=60,
        every=0.01,
        what="the render to start",
    )


@pytest.fixture
def long_workshop():
    """A workshop whose PDF takes a few seconds, so that a worker can die in the middle."""
    return _workshop(objectives=120)


def test_a_worker_killed_mid_render_is_taken_over_when_it_restarts(client, long_workshop, running):
    _rendering(client, long_workshop)

    running.kill_worker()  # kill -9, main process and pool together
    killed_at = timezone.now()
    assert Report.objects.get().state == ReportState.RENDERING
    running.start_worker()  # under the same name, as a restarted service

    # The restarted worker says it does not run the task holding the claim: the sweep
    # takes the claim back and the render starts again, long before the lease ends.
    report = _ready(what="the PDF after the worker died")
    assert report.attempts == 2  # rendered once more, not more
    assert (report.started_at - killed_at).total_seconds() < LEASE / 2
    assert report.page_count > 1
    assert "Your PDF is ready." in client.get(report.get_absolute_url()).content.decode()


def test_a_pool_process_killed_mid_render_is_rendered_again_at_once(client, long_workshop, running):
    _rendering(client, long_workshop)
    [child] = running.pool_children()

    os.kill(child, signal.SIGKILL)  # what the out-of-memory killer does
    killed_at = timezone.now()

    # The worker puts the message back at once; its next delivery takes the render over.
    report = _ready(what="the PDF after the pool process died")
    assert report.attempts == 2
    # Taken over long before the dead process's claim lapsed: the message came back at once.
    assert (report.started_at - killed_at).total_seconds() < LEASE / 2


class Browser:
    """A person at a browser talking HTTP to a web process, logged in with the session
    of the test client `client`."""

    def __init__(self, base_url: str, client):
        self.base_url = base_url
        self.cookies = {"sessionid": client.cookies["sessionid"].value}

    def _open(self, url: str, data: dict | None = None):
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(data, doseq=True).encode() if data else None,
            headers={
                "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
                "Referer": url,
            },
        )
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, response.read().decode()

    def submit(self, title: str) -> int:
        url = f"{self.base_url}{reverse('practices:create')}"
        status, page = self._open(url)
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        key = re.search(r'name="form_key" value="([0-9a-f-]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "form_key": key}
        status, _page = self._open(url, {**form, **_complete(action="submit", title=title)})
        return status


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL restarts")
def test_every_database_connection_cut_as_by_a_restart_loses_nothing(
    client, delegate_mx, secretariat, running
):
    """Gunicorn keeps its database connection between requests, as in production; a
    PostgreSQL restart cuts it, and the next request opens a new one."""
    client.force_login(delegate_mx)
    browser = Browser(running.start_web(), client)
    assert browser.submit("Primera práctica") == 302
    wait_for(lambda: len(sent_mail(running.mail_dir)) == 1, timeout=60, what="the first e-mail")

    # What a PostgreSQL restart does to every open connection: gunicorn's is cut.
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        cut = other.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND pid <> %s",
            [connection.connection.info.backend_pid],
        ).fetchone()[0]
    assert cut >= 1

    assert browser.submit("Segunda práctica") == 302
    wait_for(lambda: len(sent_mail(running.mail_dir)) == 2, timeout=60, what="the second e-mail")
    assert Practice.objects.filter(status=PracticeStatus.SUBMITTED).count() == 2
    _next_sweep()
    assert len(sent_mail(running.mail_dir)) == 2
