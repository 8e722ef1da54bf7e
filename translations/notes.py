"""How the portal names a language inside a sentence, and the note on an outdated text."""

from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _


def language_in_sentence(code: str) -> str:
    """The name of language `code` in the page's language, as written mid-sentence
    (Spanish and French write language names in lower case)."""
    name = str(get_language_info(code)["name_translated"])
    return name if (get_language() or "en").startswith("en") else name.lower()


def translation_note_text(source: str) -> str:
    """The note, in the page's language, naming the language whose text is newer."""
    return _("This translation may be older than the %(language)s text.") % {
        "language": language_in_sentence(source)
    }
