from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .contributions import documents_superseded, workshop_contributions
from .models import (
    AgendaSession,
    Attendance,
    ImportStatus,
    OutcomeDocument,
    Participant,
    ParticipantImportJob,
    ParticipantRole,
    Theme,
    Workshop,
    WorkshopStatus,
)

# A workshop in these statuses took place: its objectives carry their assessment and its
# participation is who attended.
TOOK_PLACE = (WorkshopStatus.HELD, WorkshopStatus.REPORTED)
FINISHED = (*TOOK_PLACE, WorkshopStatus.CANCELLED)


def workshop_took_place(*, workshop: Workshop) -> bool:
    """Whether the workshop was held: its page and its report then show how each objective
    was assessed, and count the participants who attended rather than those registered."""
    return workshop.status in TOOK_PLACE


def workshops_public() -> QuerySet[Workshop]:
    """Workshops as the public sees them, newest first, with what a list row shows."""
    return Workshop.objects.select_related("body", "host_country", "theme")


def workshop_themes() -> QuerySet[Theme]:
    """The themes of the shared list that workshops use, for filters."""
    return Theme.objects.filter(workshops__isnull=False).distinct()


def workshop_years() -> list[int]:
    """The years in which workshops start, newest first, for filters."""
    return [day.year for day in Workshop.objects.dates("start_date", "year", order="DESC")]


def workshops_dated() -> QuerySet[Workshop]:
    """Workshops that can be placed in a calendar, soonest first, with what an event shows."""
    prefetch = [p for c in workshop_contributions() for p in c.calendar_prefetch]
    return (
        Workshop.objects.filter(start_date__isnull=False)
        .select_related("host_country", "theme")
        .prefetch_related(*prefetch)
        .order_by("start_date", "pk")
    )


def workshop_calendar_description(*, workshop: Workshop) -> str:
    """An event's description: the first an app above contributes (the general objective),
    else the theme."""
    for contribution in workshop_contributions():
        if contribution.calendar_description:
            description = contribution.calendar_description(workshop=workshop)
            if description:
                return description
    return str(workshop.theme) if workshop.theme_id else ""


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


def documents_in_language(*, documents, language: str) -> list[dict]:
    """Each of `documents` that has a file, with the file to offer in `language` (or in
    another language when it has none in this one), the languages it also comes in, and
    the edition that replaces it, if any."""
    documents = list(documents)
    superseded = documents_superseded(documents)
    offered = []
    for document in documents:
        file_language, file = document.file_for(language)
        if file:
            offered.append(
                {
                    "document": document,
                    "language": file_language,
                    "is_fallback": file_language != language,
                    "superseded_by": superseded.get(document.pk),
                    "other_languages": [
                        c for c in document.files_by_language() if c != file_language
                    ],
                }
            )
    return offered


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


def workshops_recent(queryset: QuerySet[Workshop]) -> QuerySet[Workshop]:
    """Past workshops that took place (held or reported), the latest first."""
    return (
        workshops_past(queryset)
        .filter(status__in=TOOK_PLACE)
        .order_by(F("start_date").desc(nulls_last=True), "-created_at", "-id")
    )


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
            *(p for c in workshop_contributions() for p in c.detail_prefetch),
            Prefetch(
                "sessions",
                queryset=AgendaSession.objects.prefetch_related(
                    Prefetch("speakers", queryset=_public_people()),
                    Prefetch("moderators", queryset=_public_people()),
                    *(p for c in workshop_contributions() for p in c.session_prefetch),
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
    if workshop_took_place(workshop=workshop):
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


def participant_import_progress_key(job_id) -> str:
    return f"workshops:participant-import:{job_id}:rows-done"


@dataclass(frozen=True)
class ImportState:
    status: str
    running: bool
    abandoned: bool
    rows_done: int
    rows_total: int | None
    text: str


def participant_import_state(job: ParticipantImportJob) -> ImportState:
    """Where an import stands, in words for its page. Rows read are counted by the worker
    in the cache: the import's own transaction hides its writes until it ends."""
    rows_done = job.rows_done
    if job.is_running:
        rows_done = max(rows_done, cache.get(participant_import_progress_key(job.pk), 0))
    # A worker stopped in the middle (killed, restarted) leaves its job running forever.
    limit = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    abandoned = job.status in (ImportStatus.PREVIEWING, ImportStatus.IMPORTING) and bool(
        job.started_at and job.started_at < limit
    )
    if abandoned:
        text = _("The import stopped before its end. Nothing was imported: upload the file again.")
    elif job.status in (ImportStatus.QUEUED, ImportStatus.CONFIRMED):
        text = _("Waiting for the worker to start…")
    elif job.is_running and job.rows_total:
        verb = (
            _("Preparing the preview") if job.status == ImportStatus.PREVIEWING else _("Importing")
        )
        text = ngettext(
            "%(verb)s: %(done)d of %(total)d row read.",
            "%(verb)s: %(done)d of %(total)d rows read.",
            job.rows_total,
        ) % {"verb": verb, "done": rows_done, "total": job.rows_total}
    elif job.is_running:
        text = _("Reading the file…")
    else:
        text = job.get_status_display()
    return ImportState(
        status=job.status,
        running=job.is_running and not abandoned,
        abandoned=abandoned,
        rows_done=rows_done,
        rows_total=job.rows_total,
        text=text,
    )


def _participant_field_label(name: str) -> str:
    try:
        return str(Participant._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name


def participant_import_headings(job: ParticipantImportJob) -> list[str]:
    """Each column of the uploaded list by the name of its field in the reader's language
    (a column the import does not know keeps the heading it had in the file)."""
    return [_participant_field_label(header) for header in job.headers]


def participant_import_error_rows(job: ParticipantImportJob) -> list[dict]:
    """The rows with errors, each message with the name of its field in the reader's
    language (the messages themselves are in the uploader's, as the worker wrote them)."""
    return [
        {
            **row,
            "errors": [
                {
                    **error,
                    "label": ""
                    if error["field"] in ("", NON_FIELD_ERRORS)
                    else _participant_field_label(error["field"]),
                }
                for error in row["errors"]
            ],
        }
        for row in job.error_rows
    ]


def participant_imports_recent(*, user, limit: int = 10) -> QuerySet[ParticipantImportJob]:
    """The latest lists `user` uploaded, to find a preview or a result again."""
    return ParticipantImportJob.objects.filter(created_by=user).only(
        "pk", "file_name", "created_at", "status"
    )[:limit]
