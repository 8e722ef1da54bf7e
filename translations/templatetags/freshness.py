"""`{% translation_note obj "field" %}`: a note on a text whose translation in the page's
language may be older than another language's. Call `outdated_prefetch` on lists first."""

from django import template
from django.utils.translation import get_language

from translations.notes import translation_note_text
from translations.selectors import outdated_source

register = template.Library()


@register.inclusion_tag("translations/note.html")
def translation_note(obj, field):
    language = (get_language() or "en").split("-")[0]
    source = outdated_source(obj, field, language) if obj is not None else None
    return {"note": translation_note_text(source) if source else None}
