"""Reads of the outbox: the state of the work after a commit, for the health checks and
the administration."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from .models import OutboxMessage, OutboxState, WorkerHeartbeat


def _overdue_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.HEALTH_OUTBOX_OVERDUE_SECONDS)


def _overdue() -> Q:
    """Pending, and due to be handed over for longer than a few sweeps take: the sweep is
    not running, or cannot keep up."""
    return Q(state=OutboxState.PENDING, available_at__lt=_overdue_before())


def outbox_overdue() -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(_overdue())


@dataclass(frozen=True)
class OutboxBacklog:
    overdue: int
    failed: int


def outbox_backlog() -> OutboxBacklog:
    """How many messages wait longer than they should, and how many gave up: one query,
    through the index on (state, available_at)."""
    counts = OutboxMessage.objects.filter(
        state__in=[OutboxState.PENDING, OutboxState.FAILED]
    ).aggregate(
        overdue=Count("pk", filter=_overdue()),
        failed=Count("pk", filter=Q(state=OutboxState.FAILED)),
    )
    return OutboxBacklog(overdue=counts["overdue"], failed=counts["failed"])


def worker_last_seen() -> datetime | None:
    """When a Celery worker last carried out the periodic sweep, whichever worker it was."""
    return WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]


def worker_is_alive(*, seen_at: datetime | None) -> bool:
    if seen_at is None:
        return False
    return timezone.now() - seen_at <= timedelta(seconds=settings.HEALTH_WORKER_SECONDS)
