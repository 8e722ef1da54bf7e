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


def readonly_inline(base, *, inline_model, fields, plural):
    """A read-only tabular inline of a record kept by services, such as a workflow's steps."""
    return type(
        f"{inline_model.__name__}Inline",
        (base,),
        {
            "model": inline_model,
            "extra": 0,
            "fields": fields,
            "readonly_fields": fields,
            "can_delete": False,
            "verbose_name_plural": plural,
            "has_add_permission": lambda self, request, obj=None: False,
        },
    )
