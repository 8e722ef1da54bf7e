"""Which translated content is kept fresh, and how to read its languages. This app sits at
the bottom of the dependency chain: each app above registers its tracked models from its
AppConfig.ready() (`translations.tracking.translation_track`), and their translated fields
are found in modeltranslation's registry, so it imports and names none of the apps."""

from django.conf import settings

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# The texts people read in three languages, in the order the apps registered them. Names
# of countries, themes and the like are reference data, translated once; they are not
# tracked.
_TRACKED: list = []


def tracked_models() -> list:
    return list(_TRACKED)


def tracked_model_add(model) -> bool:
    """Add `model` to the tracked ones; False if it already was."""
    if model in _TRACKED:
        return False
    _TRACKED.append(model)
    return True


def translated_fields(model) -> tuple[str, ...]:
    """The text fields modeltranslation registers for `model` (files are not text)."""
    from django.db.models import FileField
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(
        name for name in options.fields if not isinstance(model._meta.get_field(name), FileField)
    )


def language_columns(model) -> list[str]:
    return [f"{field}_{code}" for field in translated_fields(model) for code in LANGUAGE_CODES]


def texts_of(instance) -> dict[str, dict[str, str]]:
    """{field: {language: text}} as the instance holds them now."""
    return {
        field: {code: getattr(instance, f"{field}_{code}", None) or "" for code in LANGUAGE_CODES}
        for field in translated_fields(type(instance))
    }
