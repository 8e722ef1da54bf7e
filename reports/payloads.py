"""What goes into each kind of report: a JSON snapshot of the source, in one language.

A report is rendered from its snapshot only, so the PDF always matches the content hash
it is stored under, even when the source changes while the report waits in the queue.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model, Prefetch
from django.utils import formats, translation

from objectives.models import Objective, ObjectiveKind
from workshops.models import AgendaSession, Participant, WorkshopStatus
from workshops.selectors import workshop_participation

from .models import ReportKind


def _date(value):
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def workshop_payload(workshop) -> dict[str, Any]:
    objectives = (
        Objective.objects.filter(workshop=workshop)
        .prefetch_related("gcm_objectives")
        .order_by("kind", "number")
    )
    assessed = workshop.status in (WorkshopStatus.HELD, WorkshopStatus.REPORTED)

    def objective(item):
        return {
            "number": item.number,
            "text": item.text,
            "gcm": [
                {"number": g.number, "label": g.short_label} for g in item.gcm_objectives.all()
            ],
            "assessment": item.get_assessment_display() if assessed and item.assessment else "",
            "assessment_note": item.assessment_note if assessed and item.assessment else "",
        }

    # Only people who agreed to be listed are named; the rest are counted.
    listed = Participant.objects.filter(listed_publicly=True)
    sessions = AgendaSession.objects.filter(workshop=workshop).prefetch_related(
        Prefetch("speakers", queryset=listed), Prefetch("moderators", queryset=listed)
    )
    participation = workshop_participation(workshop=workshop)
    general = [objective(o) for o in objectives if o.kind == ObjectiveKind.GENERAL]
    return {
        "title": workshop.title,
        "theme": workshop.theme,
        "body": str(workshop.body) if workshop.body else "",
        "host_country": str(workshop.host_country) if workshop.host_country else "",
        "modality": workshop.get_modality_display() if workshop.modality else "",
        "venue": workshop.venue,
        "start_date": _date(workshop.start_date),
        "end_date": _date(workshop.end_date),
        "status": workshop.get_status_display(),
        "background": workshop.background,
        "methodology": workshop.methodology,
        "expected_outcome": workshop.expected_outcome,
        "general_objective": general[0] if general else None,
        "specific_objectives": [
            objective(o) for o in objectives if o.kind == ObjectiveKind.SPECIFIC
        ],
        "assessed": assessed,
        "agenda": [
            {
                "date": _date(session.date),
                "start": session.start_time.strftime("%H:%M"),
                "end": session.end_time.strftime("%H:%M"),
                "kind": session.get_kind_display(),
                "title": session.title,
                "description": session.description,
                "speakers": [p.full_name for p in session.speakers.all()],
                "moderators": [p.full_name for p in session.moderators.all()],
            }
            for session in sessions
        ],
        "participation": {
            "counted": participation.counted,
            "roles": [[value, str(label)] for value, label in participation.roles],
            "rows": [list(row) for row in participation.rows],
            "role_totals": participation.role_totals,
            "total": participation.total,
        },
    }


PRINT_STYLESHEET = "reports/print.css"


@dataclass(frozen=True)
class ReportSpec:
    kind: str
    model: str
    template: str
    build: Callable[[Model], dict[str, Any]]
    select_related: tuple[str, ...] = ()
    # Everything the template extends or includes: a change to any makes a new PDF.
    includes: tuple[str, ...] = ()

    @property
    def layout_templates(self) -> tuple[str, ...]:
        return (self.template, "reports/base.html", *self.includes)

    def source_queryset(self):
        return apps.get_model(self.model).objects.select_related(*self.select_related)


SPECS = {
    ReportKind.WORKSHOP: ReportSpec(
        kind=ReportKind.WORKSHOP,
        model="workshops.Workshop",
        template="reports/workshop.html",
        build=workshop_payload,
        select_related=("body", "host_country"),
        includes=(
            "reports/includes/gcm.html",
            "reports/includes/assessment.html",
            "workshops/includes/participation.html",
        ),
    ),
}


def report_spec(kind: str) -> ReportSpec | None:
    return SPECS.get(kind)


def build_payload(spec: ReportSpec, source: Model, language: str) -> dict[str, Any]:
    with translation.override(language):
        return spec.build(source)
