"""The outbox: work written beside the change that causes it, handed to the broker after
the commit, carried out once, and handed over again until it is done."""

import logging
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage, OutboxState, WorkerHeartbeat
from .registry import Delivery, _current, handler_of, transport

logger = logging.getLogger(__name__)


def _backoff(step: int) -> timedelta:
    """Waits that double from the base up to the cap."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(step - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _lease() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def outbox_enqueue(*, handler: str, key: str, arguments: dict) -> OutboxMessage:
    """Write the work `handler(**arguments)` in the current transaction; it is handed to the
    broker once the transaction commits. The same `key` twice gives the first message."""
    handler_of(handler)  # a name nobody registered is a programming error, found here
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            key=key, defaults={"handler": handler, "arguments": arguments}
        )
    if created:
        message_id = message.pk
        transaction.on_commit(lambda: outbox_dispatch(message_ids=[message_id]))
    return message


def outbox_withdraw(*, keys: list[str]) -> int:
    """Take back messages written in the current transaction or since, before anyone carries
    them out (a message already delivered is kept). Returns how many were withdrawn."""
    withdrawn, _by_model = OutboxMessage.objects.filter(
        key__in=keys, state=OutboxState.PENDING, attempts=0, locked_by=""
    ).delete()
    return withdrawn


def outbox_dispatch(*, message_ids: list[int]) -> int:
    """Hand messages to the broker. A broker that does not answer leaves them as they are,
    for the periodic sweep: the change that wrote them stands. Returns how many went."""
    hand_over = transport()
    handed = 0
    for message_id in message_ids:
        message = (
            OutboxMessage.objects.filter(pk=message_id, state=OutboxState.PENDING)
            .only("dispatches")
            .first()
        )
        if message is None:
            continue  # carried out meanwhile
        # Handed over again later only if nobody has carried it out by then (a lost message).
        OutboxMessage.objects.filter(pk=message_id).update(
            dispatches=F("dispatches") + 1,
            available_at=timezone.now() + _backoff(message.dispatches + 1) + _lease(),
        )
        try:
            hand_over(message_id)
        except Exception:
            logger.warning("Broker unavailable: outbox message %s waits for the sweep", message_id)
            OutboxMessage.objects.filter(pk=message_id, state=OutboxState.PENDING).update(
                available_at=timezone.now()
            )
            break  # the next ones would wait for the same broker
        handed += 1
    return handed


def outbox_deliver(
    *, message_id: int, redelivered: bool = False, worker: str = "", task_id: str = ""
) -> OutboxState | None:
    """Carry out one message, once. Returns the message's state afterwards, or None when
    another delivery holds it or it was already carried out. `worker` and `task_id` name
    the delivery, so that the sweep can tell a claim whose worker no longer runs it."""
    now = timezone.now()
    claimable = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    if redelivered and task_id:
        # The broker delivers a task again when the process running it died: its own claim
        # is free to take back, but not one that another delivery has made since.
        claimable |= Q(locked_task=task_id)
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, state=OutboxState.PENDING)
        .filter(claimable)
        .update(
            locked_until=now + _lease(),
            locked_by=worker[:200],
            locked_task=task_id[:64],
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    token = _current.set(
        Delivery(
            key=message.key,
            attempt=message.attempts,
            redelivered=redelivered or message.recovered,
        )
    )
    try:
        handler_of(message.handler)(**message.arguments)
    except Exception:
        logger.exception("Outbox message %s failed (attempt %s)", message.key, message.attempts)
        gives_up = message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        state = OutboxState.FAILED if gives_up else OutboxState.PENDING
        OutboxMessage.objects.filter(pk=message_id).update(
            state=state,
            locked_until=None,
            recovered=False,
            available_at=timezone.now() + _backoff(message.attempts),
            last_error=traceback.format_exc(limit=8),
        )
        return state
    finally:
        _current.reset(token)
    OutboxMessage.objects.filter(pk=message_id).update(
        state=OutboxState.DONE,
        locked_until=None,
        recovered=False,
        done_at=timezone.now(),
        last_error="",
    )
    return OutboxState.DONE


def outbox_due(*, limit: int) -> list[int]:
    """Messages to hand to the broker now: never handed over, or not carried out in time."""
    now = timezone.now()
    return list(
        OutboxMessage.objects.filter(state=OutboxState.PENDING, available_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .order_by("available_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_claims_release(*, running: dict[str, set[str]]) -> int:
    """Take back the claims of deliveries that died: a worker that answered with the tasks
    it runs (`running`: hostname → task ids) and does not run the one holding a claim will
    never finish it (its pool process was killed, or it was restarted under the same name).
    A worker that did not answer is left alone: it may be busy. Returns how many."""
    released = 0
    held = OutboxMessage.objects.filter(
        state=OutboxState.PENDING,
        locked_until__gt=timezone.now(),
        locked_by__in=list(running),
    ).exclude(locked_task="")
    for message in held.only("pk", "locked_by", "locked_task"):
        if message.locked_task in running[message.locked_by]:
            continue
        released += OutboxMessage.objects.filter(
            pk=message.pk, locked_task=message.locked_task, state=OutboxState.PENDING
        ).update(locked_until=None, available_at=timezone.now(), recovered=True)
    return released


def _running_tasks(*, claimed_before) -> dict[str, set[str]] | None:
    """What the workers holding claims older than `claimed_before` say they run, or None
    when no such claim exists (then nobody is asked)."""
    if not OutboxMessage.objects.filter(
        state=OutboxState.PENDING,
        locked_until__gt=timezone.now(),
        locked_until__lt=claimed_before + _lease(),
    ).exists():
        return None
    from rcm_portal.celery import app

    replies = app.control.inspect(timeout=settings.OUTBOX_INSPECT_SECONDS).active() or {}
    return {worker: {task["id"] for task in tasks} for worker, tasks in replies.items()}


def outbox_sweep(*, hostname: str) -> int:
    """The periodic task's work: record the worker as alive, take back the claims of
    deliveries that died, give the apps the chance to write what their own rows say is
    missing, and hand over what is due."""
    from .registry import sweep_hooks

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(hostname=hostname[:200], defaults={"seen_at": now})
    try:
        running = _running_tasks(
            claimed_before=now - timedelta(seconds=settings.OUTBOX_CLAIM_CHECK_SECONDS)
        )
    except Exception:
        logger.warning("Outbox sweep: the workers could not be asked what they run", exc_info=True)
        running = None
    if running:
        outbox_claims_release(running=running)
    for hook in sweep_hooks():
        try:
            hook()
        except Exception:
            logger.exception("Outbox sweep hook %s failed", hook.__qualname__)
    return outbox_dispatch(message_ids=outbox_due(limit=settings.OUTBOX_SWEEP_BATCH))


@transaction.atomic
def outbox_retry(*, message: OutboxMessage) -> bool:
    """Give a failed message a fresh series of attempts, from now."""
    retried = OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.FAILED).update(
        state=OutboxState.PENDING, attempts=0, available_at=timezone.now(), locked_until=None
    )
    if retried:
        message_id = message.pk
        transaction.on_commit(lambda: outbox_dispatch(message_ids=[message_id]))
    return bool(retried)
