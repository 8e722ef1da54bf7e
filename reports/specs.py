"""The kinds of report and how each is made: a registry that the app's ready() fills.

Each kind declares its spec beside the function that builds its snapshot
(`payloads.py`, `payload_declarations.py`, `payload_roadmaps.py`); those modules import
this one, and this one imports none of them, so nothing here goes round in a circle.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model, Q
from django.utils import translation

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
    # Which sources the public may ask a PDF of (a draft may not be): all when None.
    public: Q | None = None

    @property
    def layout_templates(self) -> tuple[str, ...]:
        return (self.template, "reports/base.html", "includes/example_note.html", *self.includes)

    def source_queryset(self):
        sources = apps.get_model(self.model).objects.select_related(*self.select_related)
        return sources.filter(self.public) if self.public is not None else sources


SPECS: dict[str, ReportSpec] = {}


def register_spec(spec: ReportSpec) -> None:
    """Called from ReportsConfig.ready() for each kind of report."""
    SPECS[spec.kind] = spec


def report_spec(kind: str) -> ReportSpec | None:
    return SPECS.get(kind)


def build_payload(spec: ReportSpec, source: Model, language: str) -> dict[str, Any]:
    with translation.override(language):
        return spec.build(source)
