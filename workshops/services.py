import logging
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from members.models import User
from outbox.services import outbox_enqueue
from rcm_portal.workflow import Workflow

from .models import (
    WORKSHOP_TRANSITIONS,
    ImportFormat,
    ImportStatus,
    ParticipantImportJob,
    Workshop,
    WorkshopStatus,
    WorkshopStatusChange,
)
from .resources import ParticipantResource
from .selectors import participant_import_progress_key as _progress_key
from .spreadsheets import import_limits, spreadsheet_dataset

logger = logging.getLogger(__name__)


def _ready_for(workshop: Workshop, current: WorkshopStatus, target: WorkshopStatus) -> None:
    if target == WorkshopStatus.SCHEDULED and not workshop.start_date:
        raise ValidationError(_("Set the workshop's dates before scheduling it."), code="dates")
    if target == WorkshopStatus.HELD and (
        not workshop.start_date or workshop.start_date > timezone.localdate()
    ):
        raise ValidationError(
            _("A workshop can be marked as held only once it has started."), code="not_started"
        )


WORKSHOP_WORKFLOW = Workflow(
    status=WorkshopStatus,
    transitions=WORKSHOP_TRANSITIONS,
    record=WorkshopStatusChange,
    refusal=gettext_lazy("A %(current)s workshop cannot become %(target)s."),
    moved=ngettext_lazy(
        "%(count)d workshop is now %(status)s.", "%(count)d workshops are now %(status)s.", "count"
    ),
    lowercase_labels=True,
    before=_ready_for,
)


def workshop_transition(
    *, workshop: Workshop, to_status: str, by: User | None, note: str = ""
) -> WorkshopStatusChange:
    """Move a workshop along its workflow, recording who did it and when."""
    return WORKSHOP_WORKFLOW.move(workshop, to_status=to_status, by=by, note=note)


# Participant imports: the request stores the file, the worker previews and imports it.

PREVIEW_ROWS_SHOWN = 100
ERROR_ROWS_SHOWN = 100
PROGRESS_EVERY = 50
# A preview nobody confirmed within this time is closed and its file deleted.
PREVIEW_KEPT = timedelta(days=1)


def _queue(handler: str, job_id: int) -> None:
    outbox_enqueue(handler=handler, key=f"{handler}:{job_id}", arguments={"job_id": job_id})


@transaction.atomic
def participant_import_create(
    *, upload, file_format: str, by: User | None, language: str
) -> ParticipantImportJob:
    """Store an uploaded participant list and queue its preview. The file has passed
    `spreadsheet_check_upload()`: nothing here reads its rows."""
    job = ParticipantImportJob(
        file_name=PurePath(upload.name).name[:255],
        file_format=ImportFormat(file_format),
        created_by=by,
        language=language,
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    _queue("workshops.participant_import_preview", job.pk)
    return job


@transaction.atomic
def participant_import_confirm(*, job: ParticipantImportJob, by: User | None) -> bool:
    """Queue the import of a previewed list; False when it is not waiting for that."""
    claimed = ParticipantImportJob.objects.filter(
        pk=job.pk, status=ImportStatus.PREVIEW_READY
    ).update(status=ImportStatus.CONFIRMED, confirmed_by=by)
    if claimed:
        _queue("workshops.participant_import_run", job.pk)
    return bool(claimed)


def _claim(job_id, *, waiting: str, running: str) -> ParticipantImportJob | None:
    claimed = ParticipantImportJob.objects.filter(pk=job_id, status=waiting).update(
        status=running, started_at=timezone.now(), rows_done=0
    )
    if not claimed:
        # Already taken by another delivery of the task, or deleted: nothing to do.
        return None
    cache.delete(_progress_key(job_id))
    return ParticipantImportJob.objects.get(pk=job_id)


def _end(job: ParticipantImportJob, *, status: str, message: str = "") -> None:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    if status != ImportStatus.PREVIEW_READY and job.file:
        # The list holds personal data: it is kept only until it is imported or refused.
        job.file.delete(save=False)
    job.save()
    cache.delete(_progress_key(job.pk))


def _row_record(row_result, number: int, headers: list[str]) -> dict:
    values = row_result.row_values or {}
    return {
        "number": number,
        "import_type": row_result.import_type,
        "values": [_shown(values.get(header)) for header in headers],
    }


def _shown(value) -> str:
    return "" if value is None else str(value)


def _record_result(job: ParticipantImportJob, result, headers: list[str]) -> None:
    job.totals = dict(result.totals)
    job.rows_done = result.total_rows
    job.preview_rows = [
        _row_record(row, number, headers)
        for number, row in enumerate(result.rows, start=1)
        if row.import_type in ("new", "update", "skip")
    ][:PREVIEW_ROWS_SHOWN]
    error_rows = [
        {
            "number": row.number,
            "values": [_shown(value) for value in row.values],
            "errors": [
                {"field": field, "messages": [str(message) for message in messages]}
                for field, messages in row.error_dict.items()
            ],
        }
        for row in result.invalid_rows[:ERROR_ROWS_SHOWN]
    ]
    for number, errors in result.row_errors()[: ERROR_ROWS_SHOWN - len(error_rows)]:
        # An unexpected failure on a row: its cause is logged, not shown.
        for error in errors:
            logger.error("Participant import %s, row %s: %s", job.pk, number, error.traceback)
        error_rows.append(
            {
                "number": number,
                "values": [],
                "errors": [
                    {
                        "field": "",
                        "messages": [_("This row could not be read. The problem was recorded.")],
                    }
                ],
            }
        )
    job.error_rows = error_rows


def _error_count(result) -> int:
    return len(result.invalid_rows) + len(result.row_errors()) + len(result.base_errors)


def _run_import(job: ParticipantImportJob, *, dry_run: bool):
    """The list read from its file and given to django-import-export: its Result, or a
    ValidationError when the file itself cannot be imported."""
    with job.file.open("rb") as stored:
        content = stored.read()
    dataset = spreadsheet_dataset(
        content, name=job.file_name, file_format=job.file_format, limits=import_limits()
    )
    job.rows_total = len(dataset)
    job.save(update_fields=["rows_total"])
    counted = {"rows": 0}

    def progress():
        counted["rows"] += 1
        if counted["rows"] % PROGRESS_EVERY == 0:
            cache.set(_progress_key(job.pk), counted["rows"], timeout=3600)

    resource = ParticipantResource(progress=progress)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        file_name=job.file_name,
        user=job.confirmed_by if not dry_run else job.created_by,
        retain_instance_in_row_result=not dry_run,
    )
    return result, [str(header) for header in dataset.headers]


def participant_imports_expire(*, older_than: timedelta = PREVIEW_KEPT) -> int:
    """Close the previews nobody confirmed, and the jobs whose worker stopped in the middle:
    their files (personal data) are deleted."""
    now = timezone.now()
    stopped_before = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    expired = 0
    for job in ParticipantImportJob.objects.filter(
        Q(status=ImportStatus.PREVIEW_READY, finished_at__lt=now - older_than)
        | Q(
            status__in=(ImportStatus.PREVIEWING, ImportStatus.IMPORTING),
            started_at__lt=stopped_before,
        )
    )[:100]:
        with translation.override(job.language):
            message = (
                _(
                    "This preview was not confirmed in time and its file was deleted: upload "
                    "the file again."
                )
                if job.status == ImportStatus.PREVIEW_READY
                else _(
                    "The import stopped before its end. Nothing was imported: upload the file "
                    "again."
                )
            )
        _end(job, status=ImportStatus.FAILED, message=message)
        expired += 1
    return expired


def participant_import_preview(*, job_id) -> ParticipantImportJob | None:
    """The dry run of a queued list: what it would add and change, and each bad value on its
    row. Runs in the worker, which also clears the previews left unconfirmed."""
    participant_imports_expire()
    job = _claim(job_id, waiting=ImportStatus.QUEUED, running=ImportStatus.PREVIEWING)
    if job is None:
        return None
    with translation.override(job.language):
        imported = _run_import_or_fail(job, dry_run=True)
        if imported is None:
            return job
        result, headers = imported
        job.headers = headers
        _record_result(job, result, headers)
        if _error_count(result):
            _end(
                job,
                status=ImportStatus.FAILED,
                message=_(
                    "Some rows have errors, listed below. Nothing was imported: correct the "
                    "file and upload it again."
                ),
            )
        else:
            _end(job, status=ImportStatus.PREVIEW_READY)
    return job


def participant_import_run(*, job_id) -> ParticipantImportJob | None:
    """The import of a confirmed list, whole or not at all. Runs in the worker."""
    job = _claim(job_id, waiting=ImportStatus.CONFIRMED, running=ImportStatus.IMPORTING)
    if job is None:
        return None
    with translation.override(job.language):
        imported = _run_import_or_fail(job, dry_run=False)
        if imported is None:
            return job
        result, headers = imported
        _record_result(job, result, headers)
        errors = _error_count(result)
        if errors:
            # The resource rolled the whole list back: a row valid in the preview no longer is.
            _end(
                job,
                status=ImportStatus.FAILED,
                message=ngettext(
                    "Nothing was imported: %(count)d row is no longer valid.",
                    "Nothing was imported: %(count)d rows are no longer valid.",
                    errors,
                )
                % {"count": errors},
            )
            return job
        _log_imported(job, result)
        _end(job, status=ImportStatus.DONE)
    return job


def _run_import_or_fail(job: ParticipantImportJob, *, dry_run: bool):
    """`_run_import()`'s result and headings; None when the file cannot be imported, the job
    then ended as failed with a message for the clerk (a bad file's own, or a general one
    when the fault is ours and is logged)."""
    try:
        return _run_import(job, dry_run=dry_run)
    except ValidationError as error:
        _end(job, status=ImportStatus.FAILED, message=" ".join(error.messages))
    except Exception:
        logger.exception(
            "Participant import %s: the %s failed", job.pk, "preview" if dry_run else "import"
        )
        _end(
            job,
            status=ImportStatus.FAILED,
            message=_("The file could not be imported. The problem was recorded."),
        )
    return None


def _log_imported(job: ParticipantImportJob, result) -> None:
    """The admin's history shows who added or changed each participant, as for a form."""
    user_id = job.confirmed_by_id or job.created_by_id
    if settings.IMPORT_EXPORT_SKIP_ADMIN_LOG or user_id is None:
        return
    flags = {"new": ADDITION, "update": CHANGE}
    for import_type, flag in flags.items():
        instances = [row.instance for row in result.rows if row.import_type == import_type]
        if instances:
            LogEntry.objects.log_actions(
                user_id,
                instances,
                flag,
                change_message=_("Imported from %(file)s") % {"file": job.file_name},
                single_object=len(instances) == 1,
            )
