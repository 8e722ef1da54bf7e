import hashlib
import json
import logging
import traceback
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Model, Q
from django.template import TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Report, ReportState
from .payloads import PRINT_STYLESHEET, ReportSpec, build_payload, report_spec
from .pdf import html_to_pdf

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
    from .tasks import render_report

    report_id = str(report.pk)
    transaction.on_commit(lambda: render_report.delay(report_id))


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


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def _abandoned() -> Q:
    """A render that started longer ago than any render may last: its worker is gone."""
    return Q(state=ReportState.RENDERING, started_at__lt=_stale_before())


def report_can_retry(report: Report) -> bool:
    stale = report.state == ReportState.RENDERING and (
        report.started_at is None or report.started_at < _stale_before()
    )
    return report.state == ReportState.FAILED or stale


@transaction.atomic
def report_retry(*, report: Report) -> bool:
    """Queue a failed (or abandoned) report again; its last error stays until it succeeds."""
    claimed = (
        Report.objects.filter(pk=report.pk)
        .filter(Q(state=ReportState.FAILED) | _abandoned())
        .update(state=ReportState.QUEUED)
    )
    if claimed:
        _queue_render(report)
    return bool(claimed)


def report_render(*, report_id) -> Report | None:
    """Render a queued report to PDF. Runs in the worker, never in a web request."""
    claimed = (
        Report.objects.filter(pk=report_id)
        .filter(Q(state=ReportState.QUEUED) | _abandoned())
        .update(state=ReportState.RENDERING, started_at=timezone.now(), attempts=F("attempts") + 1)
    )
    if not claimed:
        # Already rendered, being rendered, or deleted: a repeated delivery does nothing.
        return None
    report = Report.objects.get(pk=report_id)
    spec = report_spec(report.kind)
    try:
        with translation.override(report.language):
            html = render_to_string(
                spec.template,
                {"content": report.content, "report": report, "language": report.language},
            )
        pdf, page_count = html_to_pdf(html)
    except Exception:
        logger.exception("Report %s failed to render", report_id)
        report.state = ReportState.FAILED
        report.error = traceback.format_exc(limit=8)
        report.finished_at = timezone.now()
        report.save(update_fields=["state", "error", "finished_at"])
        return report

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
