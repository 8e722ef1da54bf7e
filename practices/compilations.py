"""Which published practices a compiled initiatives report gathers.

A selection is either a call for practices or a set of catalogue filters. It is
normalised (only the catalogue's filter keys, values as trimmed strings, empty values
dropped, keys sorted) and keyed by the digest of that form, so the same selection always
maps to the same `Compilation` row, and from there to the same report.
"""

import hashlib
import json
import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Compilation, PracticeCall

SEARCH_MAX_LENGTH = 200
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
_COUNTRY = re.compile(r"^[a-zA-Z]{2}$")


def _search(value: str) -> str:
    value = " ".join(value.split())
    if len(value) > SEARCH_MAX_LENGTH:
        raise ValidationError(
            _("Search for at most %(limit)d characters."), params={"limit": SEARCH_MAX_LENGTH}
        )
    return value


def _country(value: str) -> str:
    if not _COUNTRY.match(value):
        raise ValidationError(_("A country is given by its two-letter code."))
    return value.upper()


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValidationError(_("This is not a code of the catalogue."))
    return value


def _whole_number(low: int, high: int):
    def clean(value: str) -> str:
        # Digits only: int() would also take "+3", " 3" or "٣" and give them other keys.
        if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
            raise ValidationError(
                _("Give a whole number from %(low)d to %(high)d."),
                params={"low": low, "high": high},
            )
        return str(int(value))

    return clean


# How each filter's value is checked and written in its canonical form: one cleaner per
# key of selectors.FILTER_KEYS (a test holds the two equal).
FILTER_CLEANERS = {
    "q": _search,
    "country": _country,
    "theme": _slug,
    "population": _slug,
    "gcm": _whole_number(1, 999),
    "workshop": _slug,
    "year": _whole_number(1900, 2100),
    "call": _whole_number(1, 2**63 - 1),
}

# The names the catalogue shows for its filters, for error messages.
FILTER_LABELS = {
    "q": _("Search"),
    "country": _("Country"),
    "theme": _("Theme"),
    "population": _("Target population"),
    "gcm": _("GCM objective"),
    "workshop": _("Workshop"),
    "year": _("Year"),
    "call": _("Call for practices"),
}


def compilation_filters_clean(data: Mapping) -> dict[str, str]:
    """The catalogue filters in `data` (a dict or a request's POST), in canonical form:
    unknown keys and empty values dropped, keys sorted. Raises ValidationError, by filter
    name, for a value that no catalogue search could have produced."""
    filters, errors = {}, {}
    for key in sorted(FILTER_CLEANERS):
        value = data.get(key)
        if value is None:
            continue
        value = str(value).strip()
        if not value:
            continue
        try:
            filters[key] = FILTER_CLEANERS[key](value)
        except ValidationError as error:
            errors[key] = error
    if errors:
        raise ValidationError(errors)
    return filters


def compilation_key(filters: dict[str, str]) -> str:
    canonical = json.dumps(filters, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


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
    if call is None and set(filters) == {"call"}:
        call = PracticeCall.objects.get(pk=filters["call"])
    compilation, _created = Compilation.objects.get_or_create(
        key=compilation_key(filters), defaults={"filters": filters, "call": call}
    )
    return compilation
