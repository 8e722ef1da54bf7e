"""The reports app's outbox handler: PDFs are rendered in the worker."""

from outbox.registry import outbox_handler, outbox_sweep_hook


@outbox_handler("reports.render")
def render_report(*, report_id: str) -> None:
    from .services import report_render

    report_render(report_id=report_id)


@outbox_sweep_hook
def requeue_stuck_reports() -> None:
    from .services import reports_requeue_stuck

    reports_requeue_stuck()
