"""Reads of practices, with what each page needs loaded."""

import datetime
import uuid
from collections.abc import Mapping

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Country
from objectives.models import GcmGuidingPrinciple, GcmObjective
from workshops.models import AgendaSession, Theme, Workshop

from .models import MEMBER_COUNTRY, Practice, PracticeCall, PracticeStatus, TargetPopulation
from .search import SEARCH_CONFIGS, UNTRANSLATED_TEXT_FIELDS

# The catalogue filters, by name: a filter dict carries only these keys, with the values
# the catalogue's FilterSet has checked (practices.filters.PracticeFilter).
FILTER_KEYS = (
    "q",
    "country",
    "contributor",
    "theme",
    "population",
    "gcm",
    "principle",
    "gender",
    "workshop",
    "year",
    "call",
)


def _public_prefetch() -> tuple:
    """What a practice's page, card and export show of it besides its own fields."""
    sessions = AgendaSession.objects.select_related("workshop").order_by(
        "workshop__start_date", "date", "start_time", "pk"
    )
    return (
        "themes",
        "target_populations",
        "gcm_objectives",
        "guiding_principles",
        "countries_involved",
        "partner_organizations",
        Prefetch("presented_in", queryset=sessions),
    )


def practices_published() -> QuerySet[Practice]:
    """Published practices, newest first, with what a catalogue row and an export show."""
    return (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        .select_related("country", "organization", "call__workshop")
        .prefetch_related(*_public_prefetch())
        .order_by(F("published_at").desc(nulls_last=True), "-id")
    )


def _search_query(text: str) -> SearchQuery:
    """What the visitor typed, read as a web search (quotes, "or", "-word") in each of
    the three languages: websearch parsing accepts any input without a syntax error."""
    query = None
    for config in SEARCH_CONFIGS.values():
        part = SearchQuery(text, config=config, search_type="websearch")
        query = part if query is None else query | part
    return query


def _matching_words(practices: QuerySet[Practice], text: str) -> QuerySet[Practice]:
    """Without PostgreSQL's text search: each word found somewhere, in any language."""
    for word in text.split()[:10]:
        match = Q()
        for language in SEARCH_CONFIGS:
            match |= Q(**{f"title_{language}__icontains": word})
            match |= Q(**{f"summary_{language}__icontains": word})
        for name in UNTRANSLATED_TEXT_FIELDS:
            match |= Q(**{f"{name}__icontains": word})
        practices = practices.filter(match)
    return practices


def practices_search(*, filters: Mapping[str, str | int]) -> QuerySet[Practice]:
    """Published practices that match `filters` (see FILTER_KEYS), as the catalogue's
    FilterSet cleaned them: this reads them, it does not check them again. A value that
    names nothing (a country whose practices were all withdrawn since a compilation was
    stored) matches no practice. With a search, on PostgreSQL, the best matches come
    first; otherwise the newest published."""
    practices = practices_published()
    if filters.get("country"):
        practices = practices.filter(country__iso_code=filters["country"])
    if filters.get("contributor") == MEMBER_COUNTRY:
        practices = practices.filter(country__isnull=False)
    elif filters.get("contributor"):
        practices = practices.filter(organization__kind=filters["contributor"])
    if filters.get("gender"):
        practices = practices.filter(gender_perspective=True)
    if filters.get("principle"):
        practices = practices.filter(guiding_principles__letter=filters["principle"])
    if filters.get("theme"):
        practices = practices.filter(themes__code=filters["theme"])
    if filters.get("population"):
        practices = practices.filter(target_populations__code=filters["population"])
    if filters.get("workshop"):
        practices = practices.filter(call__workshop__slug=filters["workshop"])
    # Codes are unique and each link is stored once: these joins never repeat a practice.
    if filters.get("gcm"):
        practices = practices.filter(gcm_objectives__number=int(filters["gcm"]))
    if filters.get("call"):
        practices = practices.filter(call_id=int(filters["call"]))
    if filters.get("year"):
        year = int(filters["year"])
        practices = practices.filter(
            Q(period_start__lte=datetime.date(year, 12, 31)),
            Q(period_end__isnull=True) | Q(period_end__gte=datetime.date(year, 1, 1)),
        )
    text = filters.get("q") or ""
    if text:
        if connection.vendor == "postgresql":
            query = _search_query(text)
            practices = (
                practices.filter(search_document=query)
                .annotate(rank=SearchRank(F("search_document"), query))
                .order_by("-rank", F("published_at").desc(nulls_last=True), "-id")
            )
        else:
            practices = _matching_words(practices, text)
    return practices


def practice_public_detail(*, pk: int) -> QuerySet[Practice]:
    """One practice, whatever its status, with what its page shows: the caller decides
    who may see it (rules: practices.view_public). Contact details are never shown."""
    return (
        Practice.objects.filter(pk=pk)
        .select_related("country", "organization", "call__workshop")
        .prefetch_related(*_public_prefetch(), "attachments")
    )


# What the catalogue's filters offer: only what published practices use, so that no
# choice leads to an empty page.


def practice_countries() -> list[Country]:
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    return sorted(
        Country.objects.filter(pk__in=published.values("country_id")), key=lambda c: str(c)
    )


def practice_contributor_kinds() -> set[str]:
    """The kinds of contributor of published practices: MEMBER_COUNTRY, and the kinds of
    the organizations that present some."""
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    kinds = set(
        published.filter(organization__isnull=False)
        .values_list("organization__kind", flat=True)
        .distinct()
    )
    if published.filter(country__isnull=False).exists():
        kinds.add(MEMBER_COUNTRY)
    return kinds


def practice_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(practices__status=PracticeStatus.PUBLISHED).distinct()


def practice_target_populations() -> QuerySet[TargetPopulation]:
    return TargetPopulation.objects.filter(practices__status=PracticeStatus.PUBLISHED).distinct()


def practice_gcm_objectives() -> QuerySet[GcmObjective]:
    return GcmObjective.objects.filter(practices__status=PracticeStatus.PUBLISHED).distinct()


def practice_guiding_principles() -> QuerySet[GcmGuidingPrinciple]:
    return GcmGuidingPrinciple.objects.filter(practices__status=PracticeStatus.PUBLISHED).distinct()


def practice_workshops() -> list[Workshop]:
    """Workshops whose call for practices has published answers."""
    workshops = Workshop.objects.filter(
        practice_call__practices__status=PracticeStatus.PUBLISHED
    ).distinct()
    return sorted(workshops, key=lambda w: str(w.title))


def practice_years() -> list[int]:
    """Every year the periods of published practices cover, newest first; an ongoing
    practice covers the years up to this one."""
    this_year = timezone.localdate().year
    periods = Practice.objects.filter(
        status=PracticeStatus.PUBLISHED, period_start__isnull=False
    ).values_list("period_start", "period_end")
    years = set()
    for start, end in periods:
        last = end.year if end else max(this_year, start.year)
        years.update(range(start.year, last + 1))
    return sorted(years, reverse=True)


def practice_of_form(
    *, form_key: uuid.UUID, country_id: int | None = None, organization_id: int | None = None
) -> Practice | None:
    """The practice the form `form_key` created for the country (or, for a contributor,
    the organization), if it did: a second click on the same form finds it instead of
    creating another."""
    return Practice.objects.filter(
        form_key=form_key, country_id=country_id, organization_id=organization_id
    ).first()


def practices_of_country(*, country_id: int) -> QuerySet[Practice]:
    """Every practice of a country, whatever its status, for its delegates."""
    return (
        Practice.objects.filter(country_id=country_id)
        .select_related("call__workshop", "created_by")
        .order_by("-updated_at", "-id")
    )


def practices_of_organization(*, organization_id: int) -> QuerySet[Practice]:
    """Every practice an organization presents, whatever its status, for its contributors."""
    return (
        Practice.objects.filter(organization_id=organization_id, country__isnull=True)
        .select_related("call__workshop", "created_by")
        .order_by("-updated_at", "-id")
    )


def practice_calls_open(*, keeping_id: int | None = None) -> QuerySet[PracticeCall]:
    """Calls for practices open now (`PracticeCall.is_open`), the nearest deadline first,
    with their workshop; with `keeping_id`, that call too even if it has closed since (the
    one a draft already answers stays its answer)."""
    now = timezone.now()
    condition = Q(opens_at__lte=now, deadline__gte=now)
    if keeping_id is not None:
        condition |= Q(pk=keeping_id)
    return PracticeCall.objects.filter(condition).select_related("workshop").order_by("deadline")
