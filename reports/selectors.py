"""Reads of the reports app."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Report, ReportState


def report_stale_before() -> datetime:
    """A render queued or started before this is late: no render lasts longer than the
    task time limit, and the outbox gives up its claim on the message then too."""
    return timezone.now() - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def reports_stuck() -> QuerySet[Report]:
    """Reports queued, or rendering, for longer than a render may last: no worker took
    them, or the one that did is gone."""
    stale_before = report_stale_before()
    return Report.objects.filter(
        Q(state=ReportState.QUEUED, queued_at__lt=stale_before)
        | Q(state=ReportState.RENDERING, started_at__lt=stale_before)
    )
