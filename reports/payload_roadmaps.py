"""The roadmap progress report: its snapshot and spec (registered with reports.payloads)."""

from typing import Any

from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext

from roadmaps.charts import percent, roadmap_charts
from roadmaps.models import PUBLIC_STATUSES
from roadmaps.selectors import roadmap_progress

from .models import ReportKind
from .payloads import ReportSpec, register_spec


def _date(value):
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _action(item) -> dict[str, Any]:
    action = item.action
    return {
        "id": action.pk,
        "title": action.title,
        "countries": [str(country.name) for country in item.countries],
        "partners": [str(org) for org in action.partner_organizations.all()],
        "start": _date(action.start_date),
        "due": _date(action.due_date),
        "status": str(action.get_status_display()),
        "progress": percent(item.progress),
        "overdue": item.overdue,
        "gcm": [{"number": g.number, "label": g.short_label} for g in action.gcm_objectives.all()],
        "indicators": [
            {
                "name": indicator.name,
                "baseline": ""
                if indicator.baseline is None
                else floatformat(indicator.baseline, -2),
                "target": floatformat(indicator.target, -2),
                "unit": indicator.unit,
            }
            for indicator in action.indicators.all()
        ],
    }


def roadmap_payload(roadmap) -> dict[str, Any]:
    """A roadmap's lines, actions and progress figures as of today, with its charts.

    Today's date is part of the snapshot: which actions are overdue depends on it."""
    progress = roadmap_progress(roadmap=roadmap)
    charts = roadmap_charts(progress)
    return {
        "title": roadmap.title,
        "description": roadmap.description,
        "period": gettext("%(start)s – %(end)s")
        % {"start": _date(roadmap.period_start), "end": _date(roadmap.period_end)},
        "status": str(roadmap.get_status_display()),
        "as_of": _date(progress.today),
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
                "country": str(item.latest_update.country.name),
                "date": _date(item.latest_update.date),
                "percentage": percent(item.latest_update.percentage),
                "narrative": item.latest_update.narrative,
            }
            for item in progress.latest_updates
        ],
        # Built by roadmaps.charts, where every text is escaped.
        "charts": {name: str(svg) for name, svg in charts.items()},
    }


register_spec(
    ReportSpec(
        kind=ReportKind.ROADMAP,
        model="roadmaps.Roadmap",
        template="reports/roadmap.html",
        build=roadmap_payload,
        # A draft is not public: nobody may ask for its PDF.
        public=Q(status__in=PUBLIC_STATUSES),
    )
)
