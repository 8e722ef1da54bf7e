"""Reads on translation freshness. `outdated_prefetch` loads the outdated languages of a
list of objects in one query, so that a page asks once, whatever the number of rows."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from .models import OutdatedTranslation

CACHE_ATTR = "_outdated_translations"


def outdated_prefetch(objects: Iterable) -> list:
    """Attach to each object its outdated languages ({field: {language: newer language}}),
    one query for all objects of each model."""
    objects = [obj for obj in objects if obj is not None and obj.pk is not None]
    by_model = defaultdict(list)
    for obj in objects:
        setattr(obj, CACHE_ATTR, {})
        by_model[type(obj)].append(obj)
    for model, items in by_model.items():
        index = {obj.pk: obj for obj in items}
        rows = OutdatedTranslation.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(index)
        ).values_list("object_id", "field", "language", "source_language")
        for object_id, field, language, source in rows:
            getattr(index[object_id], CACHE_ATTR).setdefault(field, {})[language] = source
    return objects


def _outdated(obj) -> dict[str, dict[str, str]]:
    if not hasattr(obj, CACHE_ATTR):
        outdated_prefetch([obj])
    return getattr(obj, CACHE_ATTR, {})


def outdated_languages(obj) -> dict[str, set[str]]:
    """{field: {language, ...}} of the object's outdated translations."""
    return {field: set(languages) for field, languages in _outdated(obj).items()}


def outdated_source(obj, field: str, language: str) -> str | None:
    """The newer language of `field` when `language`'s text of it is outdated, else None."""
    return _outdated(obj).get(field, {}).get(language)
