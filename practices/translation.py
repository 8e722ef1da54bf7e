from modeltranslation.translator import TranslationOptions, register

from .models import Practice, PracticeCall, TargetPopulation


@register(TargetPopulation)
class TargetPopulationTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(PracticeCall)
class PracticeCallTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
    # A practice may be written in any of the three languages: show it in the one it has.
    fallback_languages = {"default": ("en", "es", "fr")}
