from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from translations.admin_filters import OutdatedTranslationFilter
from workshops.admin import WorkshopAdmin

from .forms import ObjectiveInlineFormSet
from .models import GcmGuidingPrinciple, GcmObjective, Objective


@admin.register(GcmObjective)
class GcmObjectiveAdmin(TranslationAdmin):
    list_display = ("number", "short_label", "title")
    search_fields = ("title_en", "title_es", "title_fr", "short_label_en", "short_label_es")


@admin.register(GcmGuidingPrinciple)
class GcmGuidingPrincipleAdmin(TranslationAdmin):
    list_display = ("letter", "title")


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("__str__", "workshop", "kind", "number", "assessment")
    list_filter = ("kind", "assessment", "gcm_objectives", OutdatedTranslationFilter)
    list_select_related = ("workshop",)
    search_fields = ("text_en", "text_es", "text_fr", "workshop__title_en", "workshop__title_es")
    autocomplete_fields = ("workshop",)
    filter_horizontal = ("gcm_objectives",)


class ObjectiveInline(TranslationStackedInline):
    model = Objective
    formset = ObjectiveInlineFormSet
    extra = 0
    fields = ("kind", "number", "text", "gcm_objectives", "assessment", "assessment_note")
    filter_horizontal = ("gcm_objectives",)


WorkshopAdmin.inlines = [*WorkshopAdmin.inlines, ObjectiveInline]
