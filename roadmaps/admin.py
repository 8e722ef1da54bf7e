from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from rcm_portal.admin_layout import language_fieldsets, readonly_inline
from translations.admin_filters import OutdatedTranslationFilter

from .models import (
    Action,
    ActionStatus,
    Indicator,
    IndicatorMeasurement,
    LineOfAction,
    ProgressUpdate,
    Roadmap,
    RoadmapStatus,
)
from .services import ACTION_WORKFLOW, ROADMAP_WORKFLOW


class LineOfActionInline(TranslationTabularInline):
    model = LineOfAction
    extra = 0
    fields = ("position", "title")
    show_change_link = True


RoadmapStatusChangeInline = ROADMAP_WORKFLOW.admin_history(plural=_("workflow"))
ActionStatusChangeInline = ACTION_WORKFLOW.admin_history(plural=_("status history"))


@admin.register(Roadmap)
class RoadmapAdmin(TranslationAdmin):
    inlines = [LineOfActionInline, RoadmapStatusChangeInline]
    list_display = ("title", "status", "period_start", "period_end", "is_public", "is_example")
    list_filter = ("status", "is_example")
    search_fields = ("title_en", "title_es", "title_fr", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ("origin_workshops",)
    # Statuses change through the actions below, each step recorded.
    readonly_fields = ("status",)
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "status",
                    "slug",
                    ("period_start", "period_end"),
                    "origin_workshops",
                    "is_example",
                )
            },
        ),
        *language_fieldsets(("title", "description")),
    ]
    actions = ROADMAP_WORKFLOW.admin_actions(
        {
            RoadmapStatus.ADOPTED: _("Mark the selected roadmaps as adopted"),
            RoadmapStatus.IN_PROGRESS: _("Mark the selected roadmaps as in progress"),
            RoadmapStatus.CLOSED: _("Close the selected roadmaps"),
            RoadmapStatus.DRAFT: _("Return the selected roadmaps to draft"),
        }
    )

    @admin.display(description=_("public"), boolean=True)
    def is_public(self, roadmap):
        return roadmap.is_public


class ActionInline(TranslationTabularInline):
    model = Action
    extra = 0
    fields = ("position", "title", "start_date", "due_date", "status")
    readonly_fields = ("status",)
    show_change_link = True


@admin.register(LineOfAction)
class LineOfActionAdmin(TranslationAdmin):
    inlines = [ActionInline]
    list_display = ("title", "roadmap", "position")
    list_select_related = ("roadmap",)
    list_filter = ("roadmap", OutdatedTranslationFilter)
    search_fields = ("title_en", "title_es", "title_fr", "roadmap__title_en")
    autocomplete_fields = ("roadmap",)
    fieldsets = [
        (None, {"fields": ("roadmap", "position")}),
        *language_fieldsets(("title",)),
    ]


class IndicatorInline(TranslationTabularInline):
    model = Indicator
    extra = 0
    fields = ("position", "name", "baseline", "target", "unit")


UpdateInline = readonly_inline(
    admin.TabularInline,
    inline_model=ProgressUpdate,
    fields=("date", "country", "percentage", "narrative", "evidence", "filed_by", "filed_at"),
    plural=_("progress updates"),
)


@admin.register(Action)
class ActionAdmin(TranslationAdmin):
    inlines = [IndicatorInline, UpdateInline, ActionStatusChangeInline]
    list_display = ("title", "line", "due_date", "status")
    list_select_related = ("line__roadmap",)
    list_filter = ("status", "line__roadmap", "responsible_countries", OutdatedTranslationFilter)
    search_fields = ("title_en", "title_es", "title_fr", "line__title_en")
    autocomplete_fields = ("line",)
    filter_horizontal = ("responsible_countries", "partner_organizations", "gcm_objectives")
    date_hierarchy = "due_date"
    readonly_fields = ("status",)
    actions = ACTION_WORKFLOW.admin_actions(
        {
            ActionStatus.COMPLETED: _("Close the selected actions as completed"),
            ActionStatus.IN_PROGRESS: _("Mark the selected actions in progress"),
            ActionStatus.DELAYED: _("Mark the selected actions as delayed"),
            ActionStatus.NOT_STARTED: _("Mark the selected actions as not started"),
        }
    )
    fieldsets = [
        (None, {"fields": ("line", "position", "status", ("start_date", "due_date"))}),
        *language_fieldsets(("title",)),
        (
            _("Who and why"),
            {"fields": ("responsible_countries", "partner_organizations", "gcm_objectives")},
        ),
    ]


class MeasurementInline(admin.TabularInline):
    model = IndicatorMeasurement
    extra = 0
    fields = ("indicator", "value")
    raw_id_fields = ("indicator",)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    inlines = [MeasurementInline]
    list_display = ("action", "country", "date", "percentage", "filed_by", "filed_at")
    list_select_related = ("action", "country", "filed_by")
    list_filter = ("country", "action__line__roadmap")
    search_fields = ("narrative", "action__title_en", "action__title_es", "action__title_fr")
    autocomplete_fields = ("action",)
    readonly_fields = ("filed_by", "filed_at", "evidence_name")
    date_hierarchy = "date"
    fields = (
        "action",
        "country",
        "date",
        "percentage",
        "narrative",
        "evidence",
        "evidence_name",
        "filed_by",
        "filed_at",
    )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.filed_by = request.user
        super().save_model(request, obj, form, change)
