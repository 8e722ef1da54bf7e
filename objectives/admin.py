from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

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


class ObjectiveInline(TranslationStackedInline):
    model = Objective
    formset = ObjectiveInlineFormSet
    extra = 0
    fields = ("kind", "number", "text", "gcm_objectives")
    filter_horizontal = ("gcm_objectives",)


WorkshopAdmin.inlines = [*WorkshopAdmin.inlines, ObjectiveInline]
