from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from practices.compilations import FILTER_LABELS, compilation_filters_clean, compilation_for
from practices.models import PracticeCall
from rcm_portal.downloads import stored_file_response

from .models import Report, ReportKind, ReportState
from .payloads import report_spec
from .services import report_can_retry, report_request, report_retry


@require_POST
def report_request_view(request, kind, source_id):
    spec = report_spec(kind)
    if spec is None:
        raise Http404
    source = get_object_or_404(spec.source_queryset(), pk=source_id)
    report = report_request(source=source, kind=kind, language=get_language())
    return redirect(report)


@require_POST
def initiatives_compile(request):
    """The compiled initiatives of a call (`call=<id>`, from a workshop page) or of a
    catalogue search (its filters as posted by the catalogue), in the page's language."""
    try:
        filters = compilation_filters_clean(request.POST)
    except ValidationError as error:
        return render(
            request,
            "reports/compile_invalid.html",
            {
                "errors": [
                    (FILTER_LABELS[name], messages) for name, messages in error.message_dict.items()
                ]
            },
            status=400,
        )
    if "call" in filters:
        get_object_or_404(PracticeCall, pk=filters["call"])
    compilation = compilation_for(filters=filters)
    report = report_request(
        source=compilation, kind=ReportKind.INITIATIVES, language=get_language()
    )
    return redirect(report)


@require_GET
def report_status(request, pk):
    report = get_object_or_404(Report, pk=pk)
    return render(
        request,
        "reports/status.html",
        {"report": report, "can_retry": report_can_retry(report)},
        status=200,
    )


@require_GET
def report_download(request, pk):
    report = get_object_or_404(Report, pk=pk)
    if report.state != ReportState.READY:
        return redirect(report)
    return stored_file_response(report.file, filename=report.filename, private=False)


@require_POST
def report_retry_view(request, pk):
    report = get_object_or_404(Report, pk=pk)
    report_retry(report=report)
    return redirect(report)
