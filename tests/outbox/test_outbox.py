"""The outbox: work written beside its change, carried out once, tried again after a
failure with growing waits, given up after a cap, and handed over again by the sweep."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from outbox.models import OutboxMessage, OutboxState, WorkerHeartbeat
from outbox.services import (
    outbox_claims_release,
    outbox_deliver,
    outbox_enqueue,
    outbox_sweep,
    outbox_withdraw,
)
from practices.models import PracticeStatus
from practices.services import practice_status_notification_key, practice_transition
from reports.models import Report, ReportState
from reports.services import report_request
from tests.factories import ObjectiveFactory, PracticeFactory, WorkshopFactory
from tests.logins import login_with_second_factor
from tests.network import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(delegate_mx, secretariat):
    """A practice a delegate submits: the Secretariat is to hear of it."""
    practice = PracticeFactory(country=delegate_mx.country, created_by=delegate_mx)
    return practice


def _submit(practice, by, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return practice_transition(practice=practice, to_status=PracticeStatus.SUBMITTED, by=by)


def _as_if_waited(**filters):
    """Move the waits of the matching messages into the past, as time would."""
    OutboxMessage.objects.filter(**filters).update(
        available_at=timezone.now() - timedelta(seconds=1)
    )


def test_the_same_key_twice_is_one_message_and_one_email(
    submitted, delegate_mx, celery_eager, django_capture_on_commit_callbacks
):
    change = _submit(submitted, delegate_mx, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        again = outbox_enqueue(
            handler="practices.status_notify",
            key=f"practices.status_notify:{change.pk}",
            arguments={"change_id": change.pk},
        )
    notice, per_person = (
        OutboxMessage.objects.get(handler="practices.status_notify"),
        OutboxMessage.objects.get(handler="practices.status_mail_to"),
    )
    assert again == notice
    assert (notice.state, notice.attempts) == (OutboxState.DONE, 1)
    assert per_person.key.startswith(f"practices.status_mail_to:{change.pk}:")
    # Delivered again (a broker may deliver a message twice): nothing more is sent.
    assert outbox_deliver(message_id=per_person.pk) is None
    assert outbox_deliver(message_id=notice.pk) is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@example.org"]


def test_a_withdrawn_step_sends_nothing_and_a_delivered_one_is_kept(
    submitted, delegate_mx, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        change = practice_transition(
            practice=submitted, to_status=PracticeStatus.SUBMITTED, by=delegate_mx
        )
        key = practice_status_notification_key(change)
        assert outbox_withdraw(keys=[key]) == 1
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []

    other = PracticeFactory(country=delegate_mx.country, created_by=delegate_mx)
    delivered = _submit(other, delegate_mx, django_capture_on_commit_callbacks)
    assert outbox_withdraw(keys=[practice_status_notification_key(delivered)]) == 0
    assert OutboxMessage.objects.get(handler="practices.status_notify").state == OutboxState.DONE
    assert len(mail.outbox) == 1


def test_a_mail_server_down_is_tried_again_later_then_given_up_then_retried_by_staff(
    client,
    submitted,
    delegate_mx,
    secretariat,
    celery_eager,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    # A mail server that refuses connections.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    _submit(submitted, delegate_mx, django_capture_on_commit_callbacks)

    message = OutboxMessage.objects.get(handler="practices.status_mail_to")
    assert (message.state, message.attempts) == (OutboxState.PENDING, 1)
    assert "Connection refused" in message.last_error
    waited = message.available_at - timezone.now()
    assert timedelta(seconds=25) < waited <= timedelta(seconds=30)

    # Not due yet: the sweep leaves it.
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(hostname="worker@test")
    message.refresh_from_db()
    assert message.attempts == 1

    _as_if_waited(pk=message.pk)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(hostname="worker@test")
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.PENDING, 2)
    # The wait doubles.
    waited = message.available_at - timezone.now()
    assert timedelta(seconds=55) < waited <= timedelta(seconds=60)

    _as_if_waited(pk=message.pk)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(hostname="worker@test")
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.FAILED, 3)
    _as_if_waited(pk=message.pk)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(hostname="worker@test")
    message.refresh_from_db()
    assert message.attempts == 3  # given up: the sweep leaves it
    assert mail.outbox == []

    # The mail server is back; the Secretariat tries the message again from the admin.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    login_with_second_factor(client, secretariat)
    listing = client.get("/en/admin/outbox/outboxmessage/?state__exact=failed")
    assert listing.status_code == 200
    assert message.key in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/admin/outbox/outboxmessage/",
            {"action": "retry_messages", "_selected_action": [message.pk]},
            follow=True,
        )
    assert "1 message queued again." in response.content.decode()
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.DONE, 1)
    [sent] = mail.outbox
    assert sent.to == ["officer@example.org"]


def test_a_message_held_by_a_delivery_is_not_carried_out_twice(
    submitted, delegate_mx, django_capture_on_commit_callbacks
):
    # No worker: the message waits, written.
    with django_capture_on_commit_callbacks(execute=False):
        practice_transition(practice=submitted, to_status=PracticeStatus.SUBMITTED, by=delegate_mx)
    message = OutboxMessage.objects.get()
    # A delivery holds it (task-1, on a worker carrying it out right now).
    OutboxMessage.objects.filter(pk=message.pk).update(
        locked_until=timezone.now() + timedelta(minutes=5), locked_task="task-1"
    )
    assert outbox_deliver(message_id=message.pk, task_id="task-2") is None
    assert outbox_sweep(hostname="worker@test") == 0  # not due either
    # Another task delivered again by the broker does not take a live claim over.
    assert outbox_deliver(message_id=message.pk, redelivered=True, task_id="task-2") is None
    # task-1 delivered again because its process died: it takes its own claim back.
    with django_capture_on_commit_callbacks(execute=False):
        assert (
            outbox_deliver(message_id=message.pk, redelivered=True, task_id="task-1")
            == OutboxState.DONE
        )
    assert OutboxMessage.objects.filter(handler="practices.status_mail_to").count() == 1


def test_the_sweep_records_the_worker_and_hands_over_what_is_due(
    submitted, delegate_mx, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        practice_transition(practice=submitted, to_status=PracticeStatus.SUBMITTED, by=delegate_mx)
    assert mail.outbox == []  # the broker never got it

    with django_capture_on_commit_callbacks(execute=True):
        handed = outbox_sweep(hostname="celery@host-a")

    assert handed == 1
    assert WorkerHeartbeat.objects.get().hostname == "celery@host-a"
    assert len(mail.outbox) == 1
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxState.DONE}


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(title_en="Labour insertion of returnees")
    ObjectiveFactory(workshop=workshop, kind="general", number=1, text_en="To share models.")
    return workshop


def test_a_render_whose_worker_vanished_is_rendered_again_then_given_up(
    workshop, celery_eager, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        report = report_request(source=workshop, kind="workshop", language="fr")
    # A worker claimed it and died: "rendering" since longer than any render may last,
    # and its outbox message done with (it gave up, or predates the outbox).
    long_ago = timezone.now() - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 5)
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.RENDERING, started_at=long_ago, attempts=1
    )
    OutboxMessage.objects.update(state=OutboxState.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(hostname="worker@test")
    report.refresh_from_db()
    assert (report.state, report.attempts) == (ReportState.READY, 2)

    # A PDF whose render kills its worker every time is given up after the third.
    with django_capture_on_commit_callbacks(execute=False):
        other = report_request(source=workshop, kind="workshop", language="es")
    Report.objects.filter(pk=other.pk).update(
        state=ReportState.RENDERING, started_at=long_ago, attempts=3
    )
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(hostname="worker@test")
    other.refresh_from_db()
    assert other.state == ReportState.FAILED
    assert "The worker stopped during each of 3 renders" in other.error


def test_a_queued_report_with_its_message_pending_is_not_queued_twice(
    workshop, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        report = report_request(source=workshop, kind="workshop", language="en")
    Report.objects.filter(pk=report.pk).update(
        queued_at=timezone.now() - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 5)
    )
    with django_capture_on_commit_callbacks(execute=False):
        outbox_sweep(hostname="worker@test")
    assert OutboxMessage.objects.filter(handler="reports.render").count() == 1


def test_a_claim_whose_worker_answers_without_its_task_is_taken_back(
    workshop, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        report = report_request(source=workshop, kind="workshop", language="en")
    message = OutboxMessage.objects.get()
    # A worker claimed the render and started it; then its pool process died.
    outbox_held = {"locked_until": timezone.now() + timedelta(minutes=10)}
    OutboxMessage.objects.filter(pk=message.pk).update(
        locked_by="celery@host-a", locked_task="task-1", attempts=1, **outbox_held
    )
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.RENDERING, started_at=timezone.now(), attempts=1
    )

    # A worker that did not answer may be busy: its claim stands.
    assert outbox_claims_release(running={"celery@host-b": set()}) == 0
    # The holder answers and still runs the task: its claim stands.
    assert outbox_claims_release(running={"celery@host-a": {"task-1"}}) == 0
    assert outbox_deliver(message_id=message.pk) is None

    # The holder answers and runs something else: the claim is taken back, and the next
    # delivery takes the render over.
    assert outbox_claims_release(running={"celery@host-a": {"task-2"}}) == 1
    message.refresh_from_db()
    assert (message.locked_until, message.recovered) == (None, True)
    assert outbox_deliver(message_id=message.pk, worker="celery@host-a", task_id="task-3") == (
        OutboxState.DONE
    )
    report.refresh_from_db()
    assert (report.state, report.attempts) == (ReportState.READY, 2)
    message.refresh_from_db()
    assert message.recovered is False
