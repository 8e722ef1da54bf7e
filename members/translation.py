from modeltranslation.translator import TranslationOptions, register

from .models import Country, Organization


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    fields = ("name", "acronym")
