"""What goes into each kind of report: a JSON snapshot of the source, in one language.

A report is rendered from its snapshot only, so the PDF always matches the content hash
it is stored under, even when the source changes while the report waits in the queue.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.utils import formats, translation

from objectives.models import Objective, ObjectiveKind

from .models import ReportKind


def _date(value):
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def workshop_payload(workshop) -> dict[str, Any]:
    objectives = (
        Objective.objects.filter(workshop=workshop)
        .prefetch_related("gcm_objectives")
        .order_by("kind", "number")
    )

    def objective(item):
        return {
            "number": item.number,
            "text": item.text,
            "gcm": [
                {"number": g.number, "label": g.short_label} for g in item.gcm_objectives.all()
            ],
        }

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
        includes=("reports/includes/gcm.html",),
    ),
}


def report_spec(kind: str) -> ReportSpec | None:
    return SPECS.get(kind)


def build_payload(spec: ReportSpec, source: Model, language: str) -> dict[str, Any]:
    with translation.override(language):
        return spec.build(source)
