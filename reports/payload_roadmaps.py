"""The roadmap progress report: its snapshot and spec (registered by ReportsConfig.ready())."""

from typing import Any

from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext

from roadmaps.charts import indicator_chart, percent, roadmap_charts
from roadmaps.models import PUBLIC_STATUSES
from roadmaps.selectors import PROGRESS_RULE, roadmap_progress

from .models import ReportKind
from .specs import ReportSpec


def _date(value):
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _value(value, unit: str) -> str:
    return "" if value is None else f"{floatformat(value, -2)} {unit}".strip()


def _action(item) -> dict[str, Any]:
    action = item.action
    return {
        "id": action.pk,
        "title": action.title,
        "countries": [str(country.name) for country in item.countries],
        "partners": [str(org) for org in action.partner_organizations.all()],
        "start": _date(action.start_date),
        "due": _date(action.due_date),
        "status": str(item.status.label),
        "progress": percent(item.progress),
        "shares": [
            {
                "country": str(share.country.name),
                "progress": percent(share.progress),
                "date": _date(share.latest_update.date) if share.latest_update else "",
            }
            for share in item.shares
        ],
        "overdue": item.overdue,
        "gcm": [{"number": g.number, "label": g.short_label} for g in action.gcm_objectives.all()],
        "indicators": [
            {
                "name": measured.indicator.name,
                "baseline": _value(measured.indicator.baseline, measured.indicator.unit),
                "target": _value(measured.indicator.target, measured.indicator.unit),
                "values": [
                    {
                        "country": str(value.country.name),
                        "value": _value(value.value, measured.indicator.unit),
                    }
                    for value in measured.values
                ],
                # Built by roadmaps.charts, where every text is escaped.
                "chart": str(indicator_chart(measured)),
            }
            for measured in item.indicators
        ],
    }


def roadmap_payload(roadmap) -> dict[str, Any]:
    """A roadmap's lines, actions and progress figures as of today, with its charts.

    Today's date is part of the snapshot: which actions are overdue depends on it."""
    progress = roadmap_progress(roadmap=roadmap)
    charts = roadmap_charts(progress)
    return {
        "title": roadmap.title,
        "is_example": roadmap.is_example,
        "description": roadmap.description,
        "period": gettext("%(start)s – %(end)s")
        % {"start": _date(roadmap.period_start), "end": _date(roadmap.period_end)},
        "status": str(roadmap.get_status_display()),
        "as_of": _date(progress.today),
        "rule": str(PROGRESS_RULE),
        "progress": percent(progress.progress),
        "workshops": [str(w.title) for w in roadmap.origin_workshops.all()],
        "lines": [
            {
                "number": number,
                "title": line.line.title,
                "progress": percent(line.progress),
                "actions": [_action(item) for item in line.actions],
            }
            for number, line in enumerate(progress.lines, start=1)
        ],
        "countries": [
            {
                "name": str(item.country.name),
                "count": len(item.actions),
                "progress": percent(item.progress),
            }
            for item in progress.countries
        ],
        "overdue": [
            {
                "title": item.action.title,
                "countries": [str(country.name) for country in item.countries],
                "due": _date(item.action.due_date),
                "progress": percent(item.progress),
            }
            for item in progress.overdue
        ],
        "updates": [
            {
                "action": item.action.title,
                "country": str(update.country.name),
                "date": _date(update.date),
                "percentage": percent(update.percentage),
                "narrative": update.narrative,
            }
            for item, update in progress.latest_updates
        ],
        # Built by roadmaps.charts, where every text is escaped.
        "charts": {name: str(svg) for name, svg in charts.items()},
    }


ROADMAP_SPEC = ReportSpec(
    kind=ReportKind.ROADMAP,
    model="roadmaps.Roadmap",
    template="reports/roadmap.html",
    build=roadmap_payload,
    # A draft is not public: nobody may ask for its PDF.
    public=Q(status__in=PUBLIC_STATUSES),
)
