"""The reports app's outbox handlers: PDFs are rendered, and compilations published, in
the worker."""

from outbox.registry import outbox_handler, outbox_sweep_hook


@outbox_handler("reports.render")
def render_report(*, report_id: str) -> None:
    from .services import report_render

    report_render(report_id=report_id)


@outbox_handler("reports.publish_compilation")
def publish_compilation(*, publication_id: str) -> None:
    from .services import compilation_publication_carry_out

    compilation_publication_carry_out(publication_id=publication_id)


@outbox_sweep_hook
def requeue_stuck_reports() -> None:
    from .services import reports_requeue_stuck

    reports_requeue_stuck()
