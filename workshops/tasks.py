from celery import shared_task


@shared_task(name="workshops.participant_import_preview")
def participant_import_preview_task(job_id: int) -> None:
    from .services import participant_import_preview

    participant_import_preview(job_id=job_id)


@shared_task(name="workshops.participant_import_run")
def participant_import_run_task(job_id: int) -> None:
    from .services import participant_import_run

    participant_import_run(job_id=job_id)
