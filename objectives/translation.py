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
    fields = ("text",)
