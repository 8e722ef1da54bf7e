"""The public catalogue of published practices: search, page, exports, attachments."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from import_export.formats.base_formats import CSV, JSON, XLSX

from practices.compilations import compilation_max_practices
from practices.filters import PracticeFilter
from practices.models import PracticeAttachment, PracticeStatus
from practices.resources import PracticeResource
from practices.selectors import practice_public_detail
from rcm_portal.downloads import stored_file_response

PRACTICES_PER_PAGE = 20
# The downloads of the catalogue, all drawn by PracticeResource.
EXPORT_FORMATS = {"csv": CSV, "xlsx": XLSX, "json": JSON}


def practice_catalogue(request):
    filterset = PracticeFilter(request.GET or None, request=request)
    paginator = Paginator(filterset.qs, PRACTICES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    filters = filterset.search_filters
    return render(
        request,
        "practices/catalogue.html",
        {
            "filter": filterset,
            "page_obj": page,
            "filters": filters,
            "filters_query": urlencode(filters),
            "compile_limit": compilation_max_practices(user=request.user),
        },
    )


def practice_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filterset = PracticeFilter(request.GET or None, request=request)
    # JSON keeps numbers and lists as they are; CSV and XLSX get spreadsheet cells.
    as_data = fmt == "json"
    dataset = PracticeResource(request=request).export(filterset.qs, as_data=as_data)
    filename = f"rcm-practices-{timezone.localdate().isoformat()}.{fmt}"
    if as_data:
        response = JsonResponse(
            {"count": len(dataset), "practices": dataset.dict},
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    file_format = EXPORT_FORMATS[fmt]()
    content = file_format.export_data(dataset)
    content_type = file_format.get_content_type()
    if fmt == "csv":
        # The byte-order mark tells spreadsheet programs the file is UTF-8: accents stay whole.
        content = "\ufeff" + content
        content_type += "; charset=utf-8"
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _visible_practice(request, pk):
    """The practice, if this visitor may see it: published, or their country's, or
    they review practices. Anything else does not exist for them."""
    practice = get_object_or_404(practice_public_detail(pk=pk))
    if not request.user.has_perm("practices.view_public", practice):
        raise Http404
    return practice


def _shown_language(practice, field: str, language: str) -> str:
    """The language the translated `field` is shown in: this page's, or the fallback."""
    for code in (language, *settings.MODELTRANSLATION_LANGUAGES):
        if getattr(practice, f"{field}_{code}", None):
            return code
    return language


def practice_detail(request, pk):
    practice = _visible_practice(request, pk)
    language = get_language()
    title_language = _shown_language(practice, "title", language)
    return render(
        request,
        "practices/practice_detail.html",
        {
            "practice": practice,
            "title_language": title_language,
            "summary_language": _shown_language(practice, "summary", language),
            "show_written_in": practice.language != language or title_language != language,
            "attachments": list(practice.attachments.all()),
        },
    )


def practice_attachment(request, pk, attachment_pk):
    """An attachment, to whoever may see its practice; private until it is published."""
    attachment = get_object_or_404(
        PracticeAttachment.objects.select_related("practice"), pk=attachment_pk, practice_id=pk
    )
    practice = attachment.practice
    if not request.user.has_perm("practices.download_attachment", practice):
        raise Http404
    return stored_file_response(
        attachment.file,
        filename=str(attachment),
        private=practice.status != PracticeStatus.PUBLISHED,
    )
