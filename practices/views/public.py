"""The public catalogue of published practices: search, page, exports, attachments."""

import csv
import html
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language

from practices.compilations import compilation_max_practices
from practices.filters import PracticeFilter
from practices.models import PracticeAttachment, PracticeStatus
from practices.sanitize import rich_text_html
from practices.selectors import practice_public_detail
from rcm_portal.downloads import stored_file_response
from workshops.spreadsheets import spreadsheet_safe

PRACTICES_PER_PAGE = 20
EXPORT_FORMATS = ("csv", "json")
# The columns of the CSV export, in order; the JSON export has the same keys.
EXPORT_COLUMNS = (
    "id",
    "url",
    "title",
    "summary",
    "country_code",
    "country",
    "implementing_organization",
    "period_start",
    "period_end",
    "target_populations",
    "themes",
    "gcm_objectives",
    "workshop",
    "call",
    "language",
    "published_at",
    "problem",
    "approach",
    "results",
    "lessons_learned",
)
# Tags that end a block of text: a line break once the tags are stripped.
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|div|blockquote|tr)>", re.IGNORECASE)


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


def _plain_text(rich_text: str) -> str:
    """Rich text as plain text, without its formatting marks: paragraphs on their own
    lines, entities decoded."""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", rich_text_html(rich_text))))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _export_record(practice, *, request) -> dict:
    """One practice as the exports give it: never its contact details."""
    call = practice.call
    return {
        "id": practice.pk,
        "url": request.build_absolute_uri(practice.get_absolute_url()),
        "title": practice.title,
        "summary": practice.summary,
        "country_code": practice.country.iso_code,
        "country": practice.country.name,
        "implementing_organization": practice.implementing_organization,
        "period_start": practice.period_start.isoformat() if practice.period_start else None,
        "period_end": practice.period_end.isoformat() if practice.period_end else None,
        "target_populations": [p.name for p in practice.target_populations.all()],
        "themes": [theme.name for theme in practice.themes.all()],
        "gcm_objectives": [gcm.number for gcm in practice.gcm_objectives.all()],
        "workshop": call.workshop.title if call else None,
        "call": call.title if call else None,
        "language": practice.language,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "problem": _plain_text(practice.problem),
        "approach": _plain_text(practice.approach),
        "results": _plain_text(practice.results),
        "lessons_learned": _plain_text(practice.lessons_learned),
    }


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    return spreadsheet_safe(str(value))


def practice_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filterset = PracticeFilter(request.GET or None, request=request)
    records = [_export_record(practice, request=request) for practice in filterset.qs]
    filename = f"rcm-practices-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "json":
        response = JsonResponse(
            {"count": len(records), "practices": records},
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    # The byte-order mark tells spreadsheet programs the file is UTF-8: accents stay whole.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for record in records:
        writer.writerow([_csv_cell(record[column]) for column in EXPORT_COLUMNS])
    return response


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
