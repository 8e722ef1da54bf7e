"""Which published practices a compiled initiatives report gathers.

A selection is either a call for practices or a set of catalogue filters. It is checked
once, by the catalogue's own FilterSet (`PracticeFilter`), so that the page, its exports
and its compiled report accept the same values, and then written in one canonical form:
only the catalogue's filter keys, each value as the catalogue's choices spell it
(whatever its case, blanks or leading zeros), the search with its blanks folded and in
lower case (the search ignores case), empty values dropped, keys sorted. The digest of
that form keys the `Compilation` row, so the same selection always maps to the same row,
and from there to the same report.
"""

import hashlib
import json
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError

from .filters import PracticeFilter
from .models import Compilation, PracticeCall
from .selectors import practices_search

# The names the catalogue shows for its filters, for error messages.
FILTER_LABELS = {name: item.label for name, item in PracticeFilter.base_filters.items()}


def _canonical(name: str, value) -> str:
    value = str(value)
    if name == "q":
        return " ".join(value.split()).lower()
    return value


def compilation_filters_clean(data: Mapping) -> dict[str, str]:
    """The catalogue filters in `data` (a dict or a request's POST), in canonical form:
    unknown keys and empty values dropped, keys sorted. Raises ValidationError, by filter
    name, for a value that no catalogue search could have produced (a choice the
    catalogue does not offer, a search too long or with control characters)."""
    form = PracticeFilter(data).form
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    filters = {
        name: _canonical(name, value)
        for name, value in form.cleaned_data.items()
        if value not in (None, "")
    }
    return dict(sorted(filters.items()))


def compilation_key(filters: dict[str, str]) -> str:
    canonical = json.dumps(filters, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def compilation_of(*, filters: dict[str, str]) -> Compilation:
    """The Compilation of clean `filters`: the stored row, or a new one not yet saved (so
    that asking, and being refused, leaves nothing behind). Raises
    PracticeCall.DoesNotExist for a call that does not exist."""
    key = compilation_key(filters)
    stored = Compilation.objects.select_related("call__workshop").filter(key=key).first()
    if stored is not None:
        return stored
    call = None
    if "call" in filters:
        found = PracticeCall.objects.select_related("workshop").get(pk=filters["call"])
        # A selection of nothing but a call is that call's compilation.
        call = found if set(filters) == {"call"} else None
    return Compilation(key=key, filters=filters, call=call)


def compilation_save(*, compilation: Compilation) -> Compilation:
    """Store a compilation from `compilation_of`; the row of its key if another request
    stored it first."""
    if compilation.pk is not None:
        return compilation
    stored, _created = Compilation.objects.get_or_create(
        key=compilation.key, defaults={"filters": compilation.filters, "call": compilation.call}
    )
    return stored


def compilation_practice_count(*, compilation: Compilation) -> int:
    """How many published practices the compilation gathers today."""
    return practices_search(filters=dict(compilation.filters or {})).count()


# Who may compile up to COMPILATION_MAX_PRACTICES_STAFF practices at once.
COMPILE_BEYOND_PUBLIC_LIMIT = "practices.compile_beyond_public_limit"


def compilation_max_practices(*, user) -> int:
    """The most practices this person may gather in one compiled report. Staff hold their
    permissions only with their second factor given in this session (members.User): with
    their password alone they have the public's cap."""
    public = settings.COMPILATION_MAX_PRACTICES
    if user.is_authenticated and user.has_perm(COMPILE_BEYOND_PUBLIC_LIMIT):
        return max(public, settings.COMPILATION_MAX_PRACTICES_STAFF)
    return public


def compilation_for(
    *, call: PracticeCall | None = None, filters: Mapping | None = None
) -> Compilation:
    """The Compilation of a call's published practices, or of those the catalogue
    `filters` select; created the first time the selection is asked for.

    A selection of nothing but a call is that call's compilation, however it was asked
    for. Raises ValidationError for malformed filters and PracticeCall.DoesNotExist for a
    call that does not exist.
    """
    if call is not None:
        if filters:
            raise ValueError("Give a call or filters, not both.")
        filters = {"call": str(call.pk)}
    filters = compilation_filters_clean(filters or {})
    return compilation_save(compilation=compilation_of(filters=filters))
