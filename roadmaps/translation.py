from modeltranslation.translator import TranslationOptions, register

from .models import Action, Indicator, LineOfAction, Roadmap


@register(Roadmap)
class RoadmapTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(LineOfAction)
class LineOfActionTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Action)
class ActionTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("name", "unit")
