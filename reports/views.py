from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from practices.compilations import (
    FILTER_LABELS,
    compilation_filters_clean,
    compilation_max_practices,
    compilation_of,
    compilation_practice_count,
    compilation_save,
)
from practices.models import PracticeCall
from rcm_portal.downloads import stored_file_response

from .limits import render_allowance_take
from .models import Report, ReportKind, ReportState
from .services import (
    report_can_retry,
    report_of_snapshot,
    report_order,
    report_retry,
    report_snapshot,
)
from .specs import report_spec


def _too_many(request, refusal, *, back_url: str):
    """The page of a render refused by a rate limit: 429, and when to come back."""
    response = render(
        request,
        "reports/too_many.html",
        {"refusal": refusal, "back_url": back_url},
        status=429,
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response


def _report_of(request, *, source: Model, kind: str, back_url: str, before_order=None):
    """The report of `source` in the page's language: the one made (or being made) from
    the same content, at no cost; otherwise a new render, if the limits allow it."""
    snapshot = report_snapshot(source=source, kind=kind, language=get_language())
    report = report_of_snapshot(source=source, snapshot=snapshot)
    if report is None:
        refusal = render_allowance_take(request)
        if refusal is not None:
            return _too_many(request, refusal, back_url=back_url)
        if before_order is not None:
            source = before_order(source)
        report = report_order(source=source, snapshot=snapshot)
    return redirect(report)


@require_POST
def report_request_view(request, kind, source_id):
    spec = report_spec(kind)
    if spec is None:
        raise Http404
    source = get_object_or_404(spec.source_queryset(), pk=source_id)
    back_url = getattr(source, "get_absolute_url", lambda: reverse("home"))()
    return _report_of(request, source=source, kind=kind, back_url=back_url)


def _catalogue_url(filters: dict[str, str]) -> str:
    query = urlencode({name: value for name, value in filters.items() if name != "call"})
    return reverse("practices:catalogue") + (f"?{query}" if query else "")


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
    try:
        compilation = compilation_of(filters=filters)
    except PracticeCall.DoesNotExist as missing:
        raise Http404 from missing
    back_url = _catalogue_url(filters)
    count = compilation_practice_count(compilation=compilation)
    limit = compilation_max_practices(user=request.user)
    if count > limit:
        return render(
            request,
            "reports/compile_too_large.html",
            {"count": count, "limit": limit, "back_url": back_url},
            status=422,
        )
    return _report_of(
        request,
        source=compilation,
        kind=ReportKind.INITIATIVES,
        back_url=back_url,
        before_order=lambda source: compilation_save(compilation=source),
    )


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
    # Only a retry that would queue a render counts against the limits.
    if report_can_retry(report):
        refusal = render_allowance_take(request)
        if refusal is not None:
            return _too_many(request, refusal, back_url=report.get_absolute_url())
        report_retry(report=report)
    return redirect(report)
