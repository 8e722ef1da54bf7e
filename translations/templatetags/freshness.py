"""`{% translation_note obj "field" %}`: a note on a text whose translation in the page's
language may be older than another language's. Call `outdated_prefetch` on lists first."""

from django import template
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from translations.selectors import outdated_source

register = template.Library()


def translation_note_text(source: str) -> str:
    """The note, in the page's language, naming the language whose text is newer."""
    name = str(get_language_info(source)["name_translated"])
    if not (get_language() or "en").startswith("en"):
        # Spanish and French write language names in lower case within a sentence.
        name = name.lower()
    return _("This translation may be older than the %(language)s text.") % {"language": name}


@register.inclusion_tag("translations/note.html")
def translation_note(obj, field):
    language = (get_language() or "en").split("-")[0]
    source = outdated_source(obj, field, language) if obj is not None else None
    return {"note": translation_note_text(source) if source else None}
