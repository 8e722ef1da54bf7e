"""The workshops app's outbox handlers: participant imports run in the worker."""

from outbox.registry import outbox_handler


@outbox_handler("workshops.participant_import_preview")
def participant_import_preview_task(*, job_id: int) -> None:
    from .services import participant_import_preview

    participant_import_preview(job_id=job_id)


@outbox_handler("workshops.participant_import_run")
def participant_import_run_task(*, job_id: int) -> None:
    from .services import participant_import_run

    participant_import_run(job_id=job_id)
