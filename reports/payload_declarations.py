"""The declaration report: its snapshot and spec (registered by ReportsConfig.ready())."""

from typing import Any

from django.db.models import Q
from django.utils import formats

from declarations.models import PUBLIC_STATUSES, Paragraph
from declarations.selectors import paragraphs_numbered
from rcm_portal.text import text_folded

from .models import ReportKind
from .specs import ReportSpec


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def declaration_payload(declaration) -> dict[str, Any]:
    """An adopted declaration in the active language: its meeting, adoption, numbered
    paragraphs (preambular and operative each from 1) and the countries that adopted it."""
    paragraphs = Paragraph.objects.filter(declaration=declaration, deleted=False).order_by(
        "position", "id"
    )
    text = paragraphs_numbered(paragraphs)
    countries = sorted(
        (str(country) for country in declaration.adopting_countries.all()), key=text_folded
    )
    meeting = declaration.meeting or (str(declaration.body) if declaration.body else "")
    return {
        "title": declaration.title,
        "is_example": declaration.is_example,
        "kind": declaration.get_kind_display(),
        "meeting": meeting,
        "meeting_date": _date(declaration.meeting_date),
        "adopted_on": _date(declaration.adopted_on),
        "status": declaration.get_status_display(),
        "preambular": [{"number": p.number, "text": p.text} for p in text.preambular],
        "operative": [{"number": p.number, "text": p.text} for p in text.operative],
        "countries": countries,
        "workshops": [str(w.title) for w in declaration.workshops.order_by("start_date", "id")],
    }


DECLARATION_SPEC = ReportSpec(
    kind=ReportKind.DECLARATION,
    model="declarations.Declaration",
    template="reports/declaration.html",
    build=declaration_payload,
    select_related=("body",),
    # Only adopted and published texts: a draft's PDF is never compiled for the public.
    public=Q(status__in=PUBLIC_STATUSES),
)
