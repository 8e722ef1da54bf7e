import hashlib
import json
import logging
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model, Q
from django.template import TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outbox.models import OutboxMessage, OutboxState
from outbox.registry import current_delivery
from outbox.services import outbox_enqueue

from .models import Report, ReportState
from .pdf import html_to_pdf
from .selectors import report_stale_before, reports_stuck
from .specs import PRINT_STYLESHEET, ReportSpec, build_payload, report_spec

logger = logging.getLogger(__name__)


def _source_of(template_name: str) -> str:
    """A template's text, read without compiling it."""
    engine = engines["django"].engine
    for loader in engine.template_loaders:
        for origin in loader.get_template_sources(template_name):
            try:
                return loader.get_contents(origin)
            except TemplateDoesNotExist:
                continue
    raise TemplateDoesNotExist(template_name)


def _layout_of(spec: ReportSpec) -> list[str]:
    """The text of every file that shapes the PDF: templates and print stylesheet."""
    stylesheet = Path(finders.find(PRINT_STYLESHEET)).read_text(encoding="utf-8")
    return [*(_source_of(name) for name in spec.layout_templates), stylesheet]


def content_digest(*, spec: ReportSpec, language: str, content: dict) -> str:
    """The digest of what a PDF is built from: its content and its print layout."""
    layout = _layout_of(spec)
    material = json.dumps(
        {"kind": spec.kind, "language": language, "layout": layout, "content": content},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(material.encode()).hexdigest()


def _queue_render(report: Report) -> None:
    """Write the render in the outbox, in the transaction that queued the report. Each
    queueing is its own message; the report's state makes sure only one renders."""
    outbox_enqueue(
        handler="reports.render",
        key=f"reports.render:{report.pk}:{uuid.uuid4().hex}",
        arguments={"report_id": str(report.pk)},
    )


@dataclass(frozen=True)
class ReportSnapshot:
    """What a report of a source would be built from, before anything is stored."""

    kind: str
    language: str
    content: dict
    content_hash: str


def report_snapshot(*, source: Model, kind: str, language: str) -> ReportSnapshot:
    """The snapshot of `source` in `language` and its digest. `source` may be a row not
    yet saved (a compilation nobody asked for before): nothing is written."""
    spec = report_spec(kind)
    content = build_payload(spec, source, language)
    digest = content_digest(spec=spec, language=language, content=content)
    return ReportSnapshot(kind=kind, language=language, content=content, content_hash=digest)


def report_of_snapshot(*, source: Model, snapshot: ReportSnapshot) -> Report | None:
    """The report already asked for with this content, whatever its state: asking for
    it again queues nothing."""
    if source.pk is None:
        return None
    return Report.objects.filter(
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        kind=snapshot.kind,
        language=snapshot.language,
        content_hash=snapshot.content_hash,
    ).first()


@transaction.atomic
def report_order(*, source: Model, snapshot: ReportSnapshot) -> Report:
    """The report of `snapshot`: the existing one, or a new one queued for rendering once
    the transaction commits. `source` must be saved."""
    report, created = Report.objects.get_or_create(
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        kind=snapshot.kind,
        language=snapshot.language,
        content_hash=snapshot.content_hash,
        defaults={"title": snapshot.content["title"][:255], "content": snapshot.content},
    )
    if created:
        _queue_render(report)
    return report


def report_request(*, source: Model, kind: str, language: str) -> Report:
    """The report of `source` in `language`: the existing one for unchanged content, or a
    new one queued for rendering once the transaction commits."""
    snapshot = report_snapshot(source=source, kind=kind, language=language)
    return report_order(source=source, snapshot=snapshot)


def _abandoned() -> Q:
    """A render that started longer ago than any render may last: its worker is gone."""
    return Q(state=ReportState.RENDERING, started_at__lt=report_stale_before())


def report_can_retry(report: Report) -> bool:
    stale = report.state == ReportState.RENDERING and (
        report.started_at is None or report.started_at < report_stale_before()
    )
    return report.state == ReportState.FAILED or stale


@transaction.atomic
def report_retry(*, report: Report) -> bool:
    """Queue a failed (or abandoned) report again, with a fresh series of attempts; its
    last error stays until it succeeds."""
    claimed = (
        Report.objects.filter(pk=report.pk)
        .filter(Q(state=ReportState.FAILED) | _abandoned())
        .update(state=ReportState.QUEUED, attempts=0, queued_at=timezone.now())
    )
    if claimed:
        _queue_render(report)
    return bool(claimed)


def reports_requeue_stuck() -> int:
    """Queue again the reports that wait with no render coming: queued or rendering for
    longer than a render may last while no outbox message of theirs is pending (written
    before the outbox, or their message gave up). Runs at every outbox sweep."""
    stuck = reports_stuck()
    pending = set(
        OutboxMessage.objects.filter(
            handler="reports.render", state=OutboxState.PENDING
        ).values_list("arguments__report_id", flat=True)
    )
    requeued = 0
    for report in stuck.only("pk", "state", "attempts")[: settings.OUTBOX_SWEEP_BATCH]:
        if str(report.pk) in pending:
            continue
        with transaction.atomic():
            _queue_render(report)
        requeued += 1
    return requeued


def _give_up(report_id, *, error: str) -> None:
    Report.objects.filter(pk=report_id).exclude(state=ReportState.READY).update(
        state=ReportState.FAILED, error=error, finished_at=timezone.now()
    )


class RenderFailed(Exception):
    """A render failed and will be tried again: the outbox waits, then delivers it again."""


def report_render(*, report_id) -> Report | None:
    """Render a queued report to PDF. Runs in the worker, never in a web request.

    A render is tried `REPORT_MAX_ATTEMPTS` times, a worker that died in the middle of one
    included; after the last the report stays failed with its error, until someone asks
    to try again."""
    delivery = current_delivery()
    claimable = Q(state=ReportState.QUEUED) | _abandoned()
    if delivery is not None and delivery.redelivered:
        # The broker delivered the render again because its worker died: take it over.
        claimable |= Q(state=ReportState.RENDERING)
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(claimable, pk=report_id).first()
        if report is None:
            # Already rendered, being rendered, or deleted: a repeated delivery does nothing.
            return None
        if report.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _give_up(
                report_id,
                error=report.error
                or f"The worker stopped during each of {report.attempts} renders.",
            )
            return None
        report.state = ReportState.RENDERING
        report.started_at = timezone.now()
        report.attempts += 1
        report.save(update_fields=["state", "started_at", "attempts"])
    spec = report_spec(report.kind)
    try:
        with translation.override(report.language):
            html = render_to_string(
                spec.template,
                {"content": report.content, "report": report, "language": report.language},
            )
        pdf, page_count = html_to_pdf(html)
    except Exception as exc:
        logger.exception("Report %s failed to render (attempt %s)", report_id, report.attempts)
        error = traceback.format_exc(limit=8)
        if report.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _give_up(report_id, error=error)
            return Report.objects.get(pk=report_id)
        Report.objects.filter(pk=report_id, state=ReportState.RENDERING).update(
            state=ReportState.QUEUED, error=error, queued_at=timezone.now()
        )
        raise RenderFailed(f"Report {report_id}: attempt {report.attempts} failed") from exc

    if report.file:
        report.file.delete(save=False)
    report.file.save(report.filename, ContentFile(pdf), save=False)
    report.page_count = page_count
    report.size = len(pdf)
    report.sha256 = hashlib.sha256(pdf).hexdigest()
    report.state = ReportState.READY
    report.error = ""
    report.finished_at = timezone.now()
    report.save(
        update_fields=["file", "page_count", "size", "sha256", "state", "error", "finished_at"]
    )
    return report
