"""Example organizations: academia and civil society that present or support practices."""

from demo.rows import demo_row_upsert
from members.models import Organization

from .data import country_of, example_rows


def demo_organizations_load() -> int:
    changes = 0
    for entry in example_rows("organizations.toml", "organization"):
        acronym = entry.get("acronym", "")
        values = {
            "name_es": entry.get("name_es", ""),
            "name_fr": entry.get("name_fr", ""),
            "acronym_en": acronym,
            "acronym_es": acronym,
            "acronym_fr": acronym,
            "kind": entry["kind"],
            "country": country_of(entry.get("country")),
        }
        _organization, changed = demo_row_upsert(
            model=Organization, lookup={"name_en": entry["name_en"]}, values=values
        )
        changes += int(changed)
    return changes
