import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import AgendaSession, OutcomeDocument, RcmBody, Theme, Workshop


@register(RcmBody)
class RcmBodyTranslationOptions(TranslationOptions):
    fields = ("name", "acronym")


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Workshop)
class WorkshopTranslationOptions(TranslationOptions):
    fields = ("title", "background", "methodology", "expected_outcome")


@register(AgendaSession)
class AgendaSessionTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(OutcomeDocument)
class OutcomeDocumentTranslationOptions(TranslationOptions):
    fields = ("title", "file")
    # A missing file in one language is shown as such, with the others offered instead.
    fallback_undefined = {"file": ""}


# Registered after the translation fields exist, so that the history keeps them too.
simple_history.register(Workshop)
