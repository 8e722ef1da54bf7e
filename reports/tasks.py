from celery import shared_task


@shared_task(name="reports.render_report")
def render_report(report_id: str) -> None:
    from .services import report_render

    report_render(report_id=report_id)
