from modeltranslation.translator import TranslationOptions, register

from .models import RcmBody, Workshop


@register(RcmBody)
class RcmBodyTranslationOptions(TranslationOptions):
    fields = ("name", "acronym")


@register(Workshop)
class WorkshopTranslationOptions(TranslationOptions):
    fields = ("title", "theme", "background", "methodology", "expected_outcome")
