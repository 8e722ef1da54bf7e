"""`{% translation_note obj "field" %}`: a note on a text whose translation in the page's
language may be older than another language's. Call `outdated_prefetch` on lists first."""

from django import template
from django.utils.translation import get_language

from translations.notes import translation_note_text
from translations.selectors import outdated_prefetch, outdated_source

register = template.Library()


@register.inclusion_tag("translations/note.html")
def translation_note(obj, field):
    language = (get_language() or "en").split("-")[0]
    source = outdated_source(obj, field, language) if obj is not None else None
    return {"note": translation_note_text(source) if source else None}


def _follow(items, path: list[str]):
    for item in items:
        if not path:
            yield item
            continue
        value = getattr(item, path[0], None)
        if value is None:
            continue
        if (
            isinstance(value, (list, tuple))
            or hasattr(value, "__iter__")
            and not isinstance(value, str)
        ):
            yield from _follow(value, path[1:])
        else:
            yield from _follow([value], path[1:])


@register.simple_tag
def prefetch_freshness(items, *paths):
    """Load in one query per model the outdated translations of the objects reached from
    `items` by each dotted path (`"line"`, `"actions.action"`), for pages whose view
    leaves it to the template. Renders nothing."""
    objects = []
    for path in paths or ("",):
        objects.extend(_follow(items or [], [part for part in path.split(".") if part]))
    outdated_prefetch(objects)
    return ""
