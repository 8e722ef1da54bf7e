"""Reading the example data files, and the lookups every example loader shares."""

import datetime
import tomllib
from functools import cache
from pathlib import Path

from members.models import Country, Organization

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
LANGUAGES = ("en", "es", "fr")


class ExampleDataError(ValueError):
    """An example data file names something that does not exist."""


def example_rows(file_name: str, table: str) -> list[dict]:
    """The `[[table]]` entries of `demo/data/examples/<file_name>`."""
    with (EXAMPLES / file_name).open("rb") as data:
        return tomllib.load(data).get(table, [])


def translated(entry: dict, field: str, *, target: str | None = None) -> dict[str, str]:
    """`{target}_en/_es/_fr` from the entry's `field_en/_es/_fr` (an absent language
    stays empty: the portal shows the fallback and marks it)."""
    target = target or field
    return {f"{target}_{code}": entry.get(f"{field}_{code}", "").strip() for code in LANGUAGES}


def as_date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def as_time(value) -> datetime.time:
    if isinstance(value, datetime.time):
        return value
    return datetime.time.fromisoformat(str(value))


@cache
def _countries() -> dict[str, Country]:
    return {country.iso_code: country for country in Country.objects.all()}


def country_of(code: str | None) -> Country | None:
    if not code:
        return None
    try:
        return _countries()[code]
    except KeyError:
        raise ExampleDataError(f"Unknown country code {code!r} in the example data.") from None


def organization_of(key: str | None) -> Organization | None:
    """An organization by its example key (organizations.toml) or by its acronym in the
    reference data (IOM, UNHCR, ICRC...)."""
    if not key:
        return None
    example = next(
        (o for o in example_rows("organizations.toml", "organization") if o["key"] == key), None
    )
    if example is not None:
        return Organization.objects.get(name_en=example["name_en"])
    found = list(Organization.objects.filter(acronym_en=key)[:2]) or list(
        Organization.objects.filter(name_en=key)[:2]
    )
    if len(found) != 1:
        raise ExampleDataError(f"No single organization {key!r} for the example data.")
    return found[0]


def reset_lookups() -> None:
    """Forget the cached rows (a test's database is new each time)."""
    _countries.cache_clear()
