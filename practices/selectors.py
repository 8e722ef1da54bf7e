"""Reads of practices, with what each page needs loaded."""

from django.db.models import Q, QuerySet

from .models import Practice, PracticeStatus

# The catalogue filters, by name: a filter dict carries only these keys.
FILTER_KEYS = ("q", "country", "theme", "population", "gcm", "workshop", "year", "call")


def practices_published() -> QuerySet[Practice]:
    """Published practices, with what a catalogue row shows."""
    return (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        .select_related("country", "call__workshop")
        .prefetch_related("themes", "target_populations", "gcm_objectives")
    )


def practices_search(*, filters: dict) -> QuerySet[Practice]:
    """Published practices that match `filters` (see FILTER_KEYS; values as in a URL)."""
    practices = practices_published()
    if filters.get("country"):
        practices = practices.filter(country__iso_code=filters["country"])
    if filters.get("theme"):
        practices = practices.filter(themes__code=filters["theme"])
    if filters.get("population"):
        practices = practices.filter(target_populations__code=filters["population"])
    if filters.get("gcm"):
        practices = practices.filter(gcm_objectives__number=filters["gcm"])
    if filters.get("workshop"):
        practices = practices.filter(call__workshop__slug=filters["workshop"])
    if filters.get("call"):
        practices = practices.filter(call_id=filters["call"])
    if filters.get("year"):
        year = int(filters["year"])
        practices = practices.filter(
            Q(period_start__year__lte=year),
            Q(period_end__isnull=True) | Q(period_end__year__gte=year),
        )
    if filters.get("q"):
        for word in str(filters["q"]).split()[:10]:
            match = Q()
            for language in ("en", "es", "fr"):
                match |= Q(**{f"title_{language}__icontains": word})
                match |= Q(**{f"summary_{language}__icontains": word})
            for name in ("problem", "approach", "results", "lessons_learned"):
                match |= Q(**{f"{name}__icontains": word})
            practices = practices.filter(match)
    return practices.distinct()


def practices_of_country(*, country_id: int) -> QuerySet[Practice]:
    """Every practice of a country, whatever its status, for its delegates."""
    return (
        Practice.objects.filter(country_id=country_id)
        .select_related("call__workshop", "created_by")
        .order_by("-updated_at", "-id")
    )
