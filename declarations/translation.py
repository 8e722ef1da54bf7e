import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Declaration, Paragraph


@register(Declaration)
class DeclarationTranslationOptions(TranslationOptions):
    fields = ("title", "meeting")


@register(Paragraph)
class ParagraphTranslationOptions(TranslationOptions):
    fields = ("text",)


# Registered after the translation fields exist, so that the history keeps every language.
simple_history.register(Paragraph)
