"""Reads of the reports app."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from workshops.models import OutcomeDocument

from .models import CompilationPublication, Report, ReportState


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


def compilation_editions_superseded(*, document_ids) -> dict[int, OutcomeDocument]:
    """Of these outcome documents, the published compilations that a later published
    edition of the same call replaces: {id of the replaced document: the edition in
    force}. Two queries, however many documents."""
    document_ids = set(document_ids)
    calls = CompilationPublication.objects.filter(document_id__in=document_ids).values("call_id")
    editions = (
        CompilationPublication.objects.filter(call_id__in=calls, document__published=True)
        .select_related("document__workshop")
        .order_by("call_id", "-document__published_at", "-document_id")
    )
    in_force: dict[int, OutcomeDocument] = {}
    superseded = {}
    for edition in editions:
        current = in_force.setdefault(edition.call_id, edition.document)
        if edition.document_id != current.pk and edition.document_id in document_ids:
            superseded[edition.document_id] = current
    return superseded
