from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import RcmBody, Workshop


@admin.register(RcmBody)
class RcmBodyAdmin(TranslationAdmin):
    list_display = ("name", "acronym", "code", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_es", "name_fr", "acronym")


@admin.register(Workshop)
class WorkshopAdmin(TranslationAdmin):
    # Apps further up (objectives, ...) add their inlines here: workshops imports none of them.
    inlines = []
    list_display = ("title", "status", "body", "host_country", "start_date", "modality")
    list_filter = ("status", "body", "modality", "host_country")
    list_select_related = ("body", "host_country")
    search_fields = ("title_en", "title_es", "title_fr", "theme_en", "theme_es", "venue", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "start_date"
    autocomplete_fields = ("host_country",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "body", "theme")}),
        (
            _("Where and when"),
            {"fields": ("host_country", "modality", "venue", "start_date", "end_date")},
        ),
        (_("Content"), {"fields": ("background", "methodology", "expected_outcome")}),
    )
