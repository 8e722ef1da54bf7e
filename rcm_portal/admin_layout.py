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


def workflow_action(*, name, description, move, done, permissions=("change",)):
    """An admin action that moves each selected object with `move(obj, by)`, reports each
    refusal by name, and then `done(count)`, the message for the objects moved."""
    from django.contrib import admin, messages
    from django.core.exceptions import ValidationError

    def action(modeladmin, request, queryset):
        moved = 0
        for obj in queryset:
            try:
                move(obj, request.user)
                moved += 1
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{obj}: {' '.join(error.messages)}", messages.ERROR
                )
        if moved:
            modeladmin.message_user(request, done(moved), messages.SUCCESS)

    action.__name__ = name
    return admin.action(description=description, permissions=list(permissions))(action)


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
