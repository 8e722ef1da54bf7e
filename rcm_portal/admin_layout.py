"""Admin form layouts shared by the apps."""

from django.conf import settings
from django.utils.translation import get_language_info


def language_fieldsets(fields: tuple[str, ...]) -> list[tuple[str, dict]]:
    """One fieldset per language holding that language's version of each translated field,
    so that staff fill a whole language at a time."""
    return [
        (
            get_language_info(code)["name_local"].capitalize(),
            {"fields": tuple(f"{field}_{code}" for field in fields)},
        )
        for code, _name in settings.LANGUAGES
    ]
