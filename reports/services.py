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
from django.db.models import Model, Q, QuerySet
from django.template import TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from outbox.models import OutboxMessage, OutboxState
from outbox.registry import current_delivery
from outbox.services import outbox_enqueue
from practices.compilations import compilation_for
from practices.models import PracticeCall
from workshops.models import DocumentKind, OutcomeDocument

from .models import CompilationPublication, Report, ReportKind, ReportState
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


def report_pdf(
    *, kind: str, language: str, content: dict, report: Report | None = None
) -> tuple[bytes, int]:
    """The PDF of a snapshot in its language, and its number of pages: the one way a
    report's print layout becomes a file. Only the worker calls it. The cover's date is
    when the report was asked for, or today for a snapshot rendered without one."""
    spec = report_spec(kind)
    compiled_on = report.created_at if report is not None else timezone.now()
    with translation.override(language):
        html = render_to_string(
            spec.template,
            {
                "content": content,
                "report": report,
                "language": language,
                "compiled_on": compiled_on,
            },
        )
    return html_to_pdf(html)


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
    try:
        pdf, page_count = report_pdf(
            kind=report.kind, language=report.language, content=report.content, report=report
        )
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


# --- A call's compilation published as its workshop's outcome document --------------------

PUBLISH_COMPILATION = "reports.publish_compilation"


def _publication_key(publication_id) -> str:
    return f"{PUBLISH_COMPILATION}:{publication_id}"


def _publications_pending(*, call: PracticeCall) -> QuerySet[CompilationPublication]:
    """The call's publications still being prepared: not yet published, and with their
    outbox message still to be carried out (one that gave up no longer holds the call)."""
    waiting = {
        _publication_key(pk): pk
        for pk in CompilationPublication.objects.filter(
            call=call, published_at__isnull=True
        ).values_list("pk", flat=True)
    }
    pending_keys = OutboxMessage.objects.filter(
        key__in=list(waiting), state=OutboxState.PENDING
    ).values_list("key", flat=True)
    return CompilationPublication.objects.filter(pk__in=[waiting[key] for key in pending_keys])


@transaction.atomic
def compilation_publication_request(
    *, call: PracticeCall, by
) -> tuple[CompilationPublication, bool]:
    """Ask for a new edition of the call's compiled initiatives as its workshop's outcome
    document. The request and its outbox message are written together; the worker renders
    and publishes it. While an edition of the call is being prepared, asking again gives
    that one (True when a new one was asked for)."""
    # One request at a time per call, so that two clicks never make two editions.
    list(PracticeCall.objects.select_for_update().filter(pk=call.pk).values_list("pk"))
    pending = _publications_pending(call=call).first()
    if pending is not None:
        return pending, False
    publication = CompilationPublication.objects.create(call=call, requested_by=by)
    outbox_enqueue(
        handler=PUBLISH_COMPILATION,
        key=_publication_key(publication.pk),
        arguments={"publication_id": str(publication.pk)},
    )
    return publication, True


def _pdf_of_snapshot(*, source: Model, snapshot: ReportSnapshot) -> bytes:
    """The PDF of a snapshot: the bytes of the report already rendered from the same
    content, or a render of it now."""
    ready = report_of_snapshot(source=source, snapshot=snapshot)
    if ready is not None and ready.state == ReportState.READY and ready.file:
        try:
            with ready.file.open("rb") as stored:
                return stored.read()
        except OSError:
            logger.warning("Report %s has lost its file: rendering it again", ready.pk)
    pdf, _pages = report_pdf(
        kind=snapshot.kind, language=snapshot.language, content=snapshot.content
    )
    return pdf


def compilation_publication_carry_out(*, publication_id: str) -> OutcomeDocument | None:
    """Render the call's compilation in every language and publish the PDFs as one new
    outcome document of its workshop. Runs in the worker. The document is written only
    once every language is rendered, in one transaction with the publication, so that
    nothing is ever published in some languages only; a failed render is tried again by
    the outbox. A repeated delivery publishes nothing twice: None."""
    publication = (
        CompilationPublication.objects.select_related("call__workshop")
        .filter(pk=publication_id)
        .first()
    )
    if publication is None or not publication.is_pending:
        return None
    call = publication.call
    compilation = compilation_for(call=call)
    editions = {}
    for language, _name in settings.LANGUAGES:
        snapshot = report_snapshot(
            source=compilation, kind=ReportKind.INITIATIVES, language=language
        )
        editions[language] = (
            snapshot.content["title"],
            _pdf_of_snapshot(source=compilation, snapshot=snapshot),
        )

    document = OutcomeDocument(
        workshop=call.workshop, kind=DocumentKind.COMPILED_REPORT, published=True
    )
    stored = []
    published = False
    try:
        for language, (title, pdf) in editions.items():
            setattr(document, f"title_{language}", title[:255])
            file = getattr(document, f"file_{language}")
            file.save(
                f"{slugify(title)[:80] or 'compilation'}-{language}.pdf",
                ContentFile(pdf),
                save=False,
            )
            stored.append(file)
        with transaction.atomic():
            publication = CompilationPublication.objects.select_for_update().get(pk=publication.pk)
            if publication.is_pending:
                # The upload limits are for files people send; this one the portal made.
                document.full_clean(exclude=["file", *(f"file_{code}" for code in editions)])
                document.save()
                publication.document = document
                publication.published_at = document.published_at
                publication.save(update_fields=["document", "published_at"])
                published = True
    finally:
        if not published:
            # Nothing was published (another delivery did it, or this one failed): the
            # copies written for it go.
            for file in stored:
                file.delete(save=False)
    return document if published else None
