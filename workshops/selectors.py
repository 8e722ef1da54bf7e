from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from .models import (
    AgendaSession,
    Attendance,
    OutcomeDocument,
    Participant,
    ParticipantRole,
    Workshop,
    WorkshopStatus,
)

FINISHED = (WorkshopStatus.HELD, WorkshopStatus.REPORTED, WorkshopStatus.CANCELLED)


def workshops_public() -> QuerySet[Workshop]:
    """Workshops as the public sees them, newest first, with what a list row shows."""
    return Workshop.objects.select_related("body", "host_country")


def theme_field() -> str:
    """The theme column of the active language."""
    return build_localized_fieldname("theme", get_language() or "en")


def workshop_themes() -> list[str]:
    """The themes in use, in the active language, for filters."""
    field = theme_field()
    themes = Workshop.objects.exclude(**{f"{field}__isnull": True}).exclude(**{field: ""})
    return list(themes.order_by(field).values_list(field, flat=True).distinct())


def workshop_years() -> list[int]:
    """The years in which workshops start, newest first, for filters."""
    return [day.year for day in Workshop.objects.dates("start_date", "year", order="DESC")]


def workshops_dated() -> QuerySet[Workshop]:
    """Workshops that can be placed in a calendar, soonest first, with what an event shows."""
    # The objective model is reached through the relation: workshops imports no app above it.
    objective_model = Workshop._meta.get_field("objectives").related_model
    return (
        Workshop.objects.filter(start_date__isnull=False)
        .select_related("host_country")
        .prefetch_related(
            Prefetch(
                "objectives",
                queryset=objective_model.objects.filter(kind="general"),
                to_attr="general_objectives",
            )
        )
        .order_by("start_date", "pk")
    )


def documents_latest_published(*, limit: int) -> QuerySet[OutcomeDocument]:
    """Published outcome documents that have a file in at least one language, newest first."""
    has_file = Q()
    for code, _name in settings.LANGUAGES:
        has_file |= Q(**{f"file_{code}__gt": ""})
    return (
        OutcomeDocument.objects.filter(has_file, published=True)
        .select_related("workshop")
        .order_by("-published_at", "-pk")[:limit]
    )


def _upcoming_condition() -> Q:
    today = timezone.localdate()
    return (
        Q(end_date__gte=today)
        | Q(end_date__isnull=True, start_date__gte=today)
        | (Q(start_date__isnull=True) & ~Q(status__in=FINISHED))
    )


def workshops_upcoming(queryset: QuerySet[Workshop]) -> QuerySet[Workshop]:
    """Workshops still to come (or with dates to be confirmed), soonest first."""
    return queryset.filter(_upcoming_condition()).order_by(
        F("start_date").asc(nulls_last=True), "-created_at", "-id"
    )


def workshops_past(queryset: QuerySet[Workshop]) -> QuerySet[Workshop]:
    return queryset.exclude(_upcoming_condition())


def _public_people() -> QuerySet[Participant]:
    return Participant.objects.filter(listed_publicly=True).select_related(
        "country", "organization"
    )


def workshop_public_detail(*, slug: str) -> QuerySet[Workshop]:
    """One workshop with everything its public page shows; people only if they consented."""
    return (
        workshops_public()
        .filter(slug=slug)
        .prefetch_related(
            "objectives__gcm_objectives",
            Prefetch(
                "sessions",
                queryset=AgendaSession.objects.prefetch_related(
                    Prefetch("speakers", queryset=_public_people()),
                    Prefetch("moderators", queryset=_public_people()),
                ),
            ),
            Prefetch("documents", queryset=OutcomeDocument.objects.filter(published=True)),
        )
    )


def workshop_public_speakers(*, workshop: Workshop) -> QuerySet[Participant]:
    """Speakers and moderators who agreed to be listed."""
    return (
        _public_people()
        .filter(workshop=workshop)
        .filter(
            Q(role__in=(ParticipantRole.EXPERT, ParticipantRole.MODERATOR))
            | Q(sessions_as_speaker__isnull=False)
            | Q(sessions_as_moderator__isnull=False)
        )
        .distinct()
        .order_by("full_name")
    )


@dataclass
class ParticipationTable:
    """How many took part, by country (rows) and role (columns): counts only, no names."""

    roles: list[tuple[str, str]]
    rows: list[tuple[str, list[int], int]]
    role_totals: list[int]
    total: int
    counted: str


def workshop_participation(*, workshop: Workshop) -> ParticipationTable:
    if workshop.status in (WorkshopStatus.HELD, WorkshopStatus.REPORTED):
        counted, attendance = "attended", (Attendance.ATTENDED,)
    else:
        counted, attendance = (
            "registered",
            (Attendance.INVITED, Attendance.CONFIRMED, Attendance.ATTENDED),
        )
    people = Participant.objects.filter(
        workshop=workshop, attendance__in=attendance
    ).select_related("country")
    counts = Counter((str(p.country) if p.country else "", p.role) for p in people)
    roles = [
        (value, label)
        for value, label in ParticipantRole.choices
        if any(r == value for _c, r in counts)
    ]
    countries = sorted({country for country, _r in counts}, key=lambda c: (c == "", c))
    rows = [
        (
            country,
            [counts[(country, role)] for role, _l in roles],
            sum(counts[(country, r)] for r, _l in roles),
        )
        for country in countries
    ]
    role_totals = [sum(counts[(c, role)] for c in countries) for role, _l in roles]
    return ParticipationTable(roles, rows, role_totals, sum(counts.values()), counted)
