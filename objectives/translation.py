import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import GcmGuidingPrinciple, GcmObjective, Objective


@register(GcmObjective)
class GcmObjectiveTranslationOptions(TranslationOptions):
    fields = ("title", "short_label")


@register(GcmGuidingPrinciple)
class GcmGuidingPrincipleTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Objective)
class ObjectiveTranslationOptions(TranslationOptions):
    fields = ("text", "assessment_note")


# Registered after the translation fields exist, so that the history keeps them too.
simple_history.register(Objective)
