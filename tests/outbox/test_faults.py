"""Faults lose nothing. A real worker and beat on the test's own Redis, which the tests stop,
kill and start again: every e-mail and every PDF still arrives, once."""

import os
import signal

import pytest
from django.urls import reverse

from outbox.models import OutboxMessage, OutboxState, WorkerHeartbeat
from practices.models import Practice, PracticeStatus
from reports.models import Report, ReportState
from tests.factories import ObjectiveFactory, WorkshopFactory
from tests.outbox.processes import LIMITS, sent_mail, wait_for
from tests.practices.test_delegate import _complete, _form_key

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

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
    wait_for(
        lambda: Report.objects.filter(state=ReportState.READY).exists(),
        timeout=60,
        what="the PDF",
    )
    report = Report.objects.get()
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


def test_a_worker_killed_mid_render_is_taken_over_by_the_next_one(client, long_workshop, running):
    _rendering(client, long_workshop)

    running.kill_worker()  # kill -9, main process and pool together
    assert Report.objects.get().state == ReportState.RENDERING
    running.start_worker()

    # The claim of the dead worker lapses after the lease; then the next one renders it.
    wait_for(
        lambda: Report.objects.filter(state=ReportState.READY).exists(),
        timeout=LEASE + 60,
        what="the PDF after the worker died",
    )
    report = Report.objects.get()
    assert report.attempts == 2  # rendered once more, not more
    assert report.page_count > 1
    assert "Your PDF is ready." in client.get(report.get_absolute_url()).content.decode()


def test_a_pool_process_killed_mid_render_is_rendered_again_at_once(client, long_workshop, running):
    _rendering(client, long_workshop)
    [child] = running.pool_children()

    os.kill(child, signal.SIGKILL)  # what the out-of-memory killer does
    started = Report.objects.get().started_at

    # The worker puts the message back at once; its next delivery takes the render over.
    wait_for(
        lambda: Report.objects.filter(state=ReportState.READY).exists(),
        timeout=60,
        what="the PDF after the pool process died",
    )
    report = Report.objects.get()
    assert report.attempts == 2
    assert (report.finished_at - started).total_seconds() < LEASE  # not after the lease
