"""A list filter for the admin of any tracked model: its objects with an outdated
translation in the chosen language."""

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .models import OutdatedTranslation


class OutdatedTranslationFilter(admin.SimpleListFilter):
    title = _("Translation outdated (language)")
    parameter_name = "translation_outdated"

    def lookups(self, request, model_admin):
        return [(code, _(name)) for code, name in settings.LANGUAGES]

    def queryset(self, request, queryset):
        language = self.value()
        if language not in {code for code, _name in settings.LANGUAGES}:
            return queryset
        outdated = OutdatedTranslation.objects.filter(
            content_type=ContentType.objects.get_for_model(queryset.model), language=language
        ).values("object_id")
        return queryset.filter(pk__in=outdated)
