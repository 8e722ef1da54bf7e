"""What goes into each kind of report: a JSON snapshot of the source, in one language.

A report is rendered from its snapshot only, so the PDF always matches the content hash
it is stored under, even when the source changes while the report waits in the queue.
"""

from itertools import groupby
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext

from members.models import Country
from objectives.models import GcmGuidingPrinciple, GcmObjective, Objective, ObjectiveKind
from practices.models import PracticeCall, TargetPopulation, contributor_kind_choices
from practices.sanitize import rich_text_html
from practices.selectors import practices_search
from rcm_portal.text import text_folded
from workshops.models import AgendaSession, Participant, Theme, Workshop
from workshops.selectors import workshop_participation, workshop_took_place

from .models import ReportKind
from .specs import ReportSpec


def _date(value):
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def workshop_payload(workshop) -> dict[str, Any]:
    objectives = (
        Objective.objects.filter(workshop=workshop)
        .prefetch_related("gcm_objectives")
        .order_by("kind", "number")
    )
    assessed = workshop_took_place(workshop=workshop)

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
        # Its texts come from the RCM documents; its dates, people and papers are examples.
        "is_example": workshop.is_example,
        "example_kind": "workshop",
        "theme": str(workshop.theme) if workshop.theme_id else "",
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


def _period(start, end) -> str:
    def month(value):
        return formats.date_format(value, "YEAR_MONTH_FORMAT")

    if start and end:
        return gettext("%(start)s – %(end)s") % {"start": month(start), "end": month(end)}
    if start:
        return gettext("Since %(start)s (ongoing)") % {"start": month(start)}
    if end:
        return gettext("Until %(end)s") % {"end": month(end)}
    return ""


def _named(model, field, value, attribute="name"):
    """The name of the row a filter value points at, or the value itself."""
    row = model.objects.filter(**{field: value}).first()
    return str(getattr(row, attribute)) if row else value


def _filters_in_words(filters: dict[str, str]) -> str:
    """A catalogue selection as a reader would say it: "Country: Mexico · Search: “…”"."""
    parts = []
    if "country" in filters:
        name = _named(Country, "iso_code", filters["country"])
        parts.append(gettext("Country: %(country)s") % {"country": name})
    if "contributor" in filters:
        kinds = dict(contributor_kind_choices())
        kind = kinds.get(filters["contributor"], filters["contributor"])
        parts.append(gettext("Presented by: %(kind)s") % {"kind": kind})
    if "theme" in filters:
        name = _named(Theme, "code", filters["theme"])
        parts.append(gettext("Theme: %(theme)s") % {"theme": name})
    if "population" in filters:
        name = _named(TargetPopulation, "code", filters["population"])
        parts.append(gettext("Target population: %(population)s") % {"population": name})
    if "gcm" in filters:
        objective = GcmObjective.objects.filter(number=filters["gcm"]).first()
        parts.append(
            gettext("GCM objective %(number)s: %(label)s")
            % {"number": filters["gcm"], "label": objective.short_label if objective else "?"}
        )
    if "principle" in filters:
        name = _named(GcmGuidingPrinciple, "letter", filters["principle"], attribute="title")
        parts.append(
            gettext("Global Compact guiding principle (%(letter)s): %(title)s")
            % {"letter": filters["principle"], "title": name}
        )
    if "gender" in filters:
        parts.append(gettext("With a gender perspective"))
    if "workshop" in filters:
        name = _named(Workshop, "slug", filters["workshop"], attribute="title")
        parts.append(gettext("Workshop: %(workshop)s") % {"workshop": name})
    if "call" in filters:
        name = _named(PracticeCall, "pk", filters["call"], attribute="title")
        parts.append(gettext("Call for practices: %(call)s") % {"call": name})
    if "year" in filters:
        parts.append(gettext("Year: %(year)s") % {"year": filters["year"]})
    if "q" in filters:
        parts.append(gettext("Search: “%(words)s”") % {"words": filters["q"]})
    return " · ".join(parts)


def _practice(practice, number: int) -> dict[str, Any]:
    # Never the contact_* fields: the PDF is public.
    call = practice.call
    return {
        "number": number,
        "id": practice.pk,
        "title": practice.title,
        "is_example": practice.is_example,
        "summary": practice.summary,
        "contributor": practice.contributor_label,
        "countries_involved": [str(item) for item in practice.countries_involved.all()],
        "partners": [str(item) for item in practice.partner_organizations.all()],
        "principles": [str(item) for item in practice.guiding_principles.all()],
        "gender_perspective": practice.gender_perspective,
        "presented_at": [
            gettext("%(session)s, %(workshop)s")
            % {"session": session.title, "workshop": session.workshop.title}
            for session in practice.presented_in.all()
        ],
        "organization": practice.implementing_organization,
        "period": _period(practice.period_start, practice.period_end),
        "populations": [str(item) for item in practice.target_populations.all()],
        "themes": [str(item) for item in practice.themes.all()],
        "gcm": [
            {"number": g.number, "label": g.short_label} for g in practice.gcm_objectives.all()
        ],
        "call": call.title if call else "",
        "workshop": call.workshop.title if call else "",
        "language": str(practice.get_language_display()),
        # Stored as typed (a light Markdown): rendered and cleaned here, as on the pages.
        "problem": rich_text_html(practice.problem),
        "approach": rich_text_html(practice.approach),
        "results": rich_text_html(practice.results),
        "lessons_learned": rich_text_html(practice.lessons_learned),
    }


def _contributor_sort_key(practice):
    return (
        text_folded(str(practice.contributor)),
        # A country before an organization of the same name; then each contributor apart.
        practice.country_id is None,
        practice.country_id or practice.organization_id,
        text_folded(practice.title),
        practice.pk,
    )


def _contributor_anchor(practice) -> str:
    if practice.country_id:
        return f"country-{practice.country.iso_code.lower()}"
    return f"organization-{practice.organization_id}"


# The target population of the return call's special emphasis.
INVOLUNTARY_RETURNEES = "involuntary-returnees"


def _is_emphasised(practice) -> bool:
    """What the return call puts first: programmes for people whose return is involuntary
    that incorporate a gender perspective."""
    return practice.gender_perspective and any(
        population.code == INVOLUNTARY_RETURNEES for population in practice.target_populations.all()
    )


def initiatives_payload(compilation) -> dict[str, Any]:
    """The published practices a compilation selects, by contributor (a country or an
    organization), numbered in the order they are printed, with an index of the GCM
    objectives they serve. A call's compilation first gathers, under their own heading,
    the initiatives on involuntary return with a gender perspective."""
    call = compilation.call
    filters = dict(compilation.filters or {})
    # The search reads each practice with what its page shows (practices_published).
    practices = sorted(practices_search(filters=filters), key=_contributor_sort_key)
    if "call" in filters and any(_is_emphasised(p) for p in practices):
        parts = [
            (
                gettext("Initiatives on involuntary return and with a gender perspective"),
                "emphasis",
                [p for p in practices if _is_emphasised(p)],
            ),
            (
                gettext("Other initiatives"),
                "others",
                [p for p in practices if not _is_emphasised(p)],
            ),
        ]
    else:
        parts = [("", "", practices)]

    groups, gcm_index, number = [], {}, 0
    countries, organizations = set(), set()
    for heading, part_anchor, part_practices in parts:
        contributors = []
        for anchor, group in groupby(part_practices, key=_contributor_anchor):
            group = list(group)
            entries = []
            for practice in group:
                number += 1
                entry = _practice(practice, number)
                entries.append(entry)
                for gcm in entry["gcm"]:
                    gcm_index.setdefault(gcm["number"], {**gcm, "sections": []})["sections"].append(
                        number
                    )
            first = group[0]
            if first.country_id:
                countries.add(first.country_id)
            else:
                organizations.add(first.organization_id)
            contributors.append(
                {
                    "name": str(first.contributor),
                    "anchor": f"{part_anchor}-{anchor}" if part_anchor else anchor,
                    "practices": entries,
                }
            )
        if contributors:
            groups.append({"heading": heading, "anchor": part_anchor, "contributors": contributors})

    # The newest publication, not the time of the request: unchanged content gives an
    # unchanged snapshot, and so the report already rendered.
    published = [p.published_at for p in practices if p.published_at]
    latest = max(published) if published else None

    kind = gettext("Compilation of initiatives")
    if call:
        title = gettext("Compilation of initiatives: %(call)s") % {"call": call.title}
        subtitle = call.workshop.title
    else:
        title = kind
        subtitle = _filters_in_words(filters) or gettext("All published practices")
    if call and call.introduction:
        introduction = call.introduction
    else:
        introduction = gettext(
            "The %(secretariat)s of the Regional Conference on Migration compiles the best "
            "practices and initiatives presented by RCM member countries and by "
            "organizations, specialists and experts, so that each country can learn from "
            "what others have put in place. This document gathers them by country or "
            "organization."
        ) % {"secretariat": gettext(settings.RCM_SECRETARIAT_LABEL)}
    examples = sum(1 for practice in practices if practice.is_example)
    return {
        "title": title,
        "subtitle": subtitle,
        # Marked as an example when any practice is one; "list" when only some are.
        "is_example": bool(examples),
        "example_kind": "list" if 0 < examples < len(practices) else "",
        # The selection itself, in canonical form: two selections never share a snapshot,
        # and the same selection, however it was asked for, always has the same one.
        "selection": filters,
        "introduction": introduction,
        "date": _date(timezone.localtime(latest).date()) if latest else "",
        "count": len(practices),
        "country_count": len(countries),
        "organization_count": len(organizations),
        "groups": groups,
        "gcm_index": [gcm_index[key] for key in sorted(gcm_index)],
    }


WORKSHOP_SPEC = ReportSpec(
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
)

INITIATIVES_SPEC = ReportSpec(
    kind=ReportKind.INITIATIVES,
    model="practices.Compilation",
    template="reports/initiatives.html",
    build=initiatives_payload,
    select_related=("call__workshop",),
    includes=(
        "reports/includes/practice.html",
        "includes/example_badge.html",
        "reports/includes/gcm_index.html",
    ),
)
