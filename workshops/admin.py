from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from rcm_portal.admin_layout import language_fieldsets, readonly_inline, workflow_action

from .models import (
    AgendaSession,
    OutcomeDocument,
    Participant,
    RcmBody,
    Workshop,
    WorkshopStatus,
    WorkshopStatusChange,
)
from .resources import ParticipantResource
from .selectors import theme_field, workshop_themes
from .services import workshop_transition


@admin.register(RcmBody)
class RcmBodyAdmin(TranslationAdmin):
    list_display = ("name", "acronym", "code", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_es", "name_fr", "acronym")


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [
            (d.year, d.year) for d in Workshop.objects.dates("start_date", "year", order="DESC")
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(start_date__year=int(self.value()))
        return queryset


class ThemeFilter(admin.SimpleListFilter):
    title = _("theme")
    parameter_name = "theme"

    def lookups(self, request, model_admin):
        return [(theme, theme) for theme in workshop_themes()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{theme_field(): self.value()})
        return queryset


class AgendaSessionInline(TranslationStackedInline):
    model = AgendaSession
    extra = 0
    fields = (
        ("date", "start_time", "end_time", "kind"),
        "title",
        "description",
        "speakers",
        "moderators",
    )
    filter_horizontal = ("speakers", "moderators")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Speakers and moderators are chosen among this workshop's participants.
        workshop_id = request.resolver_match.kwargs.get("object_id")
        kwargs["queryset"] = Participant.objects.filter(workshop_id=workshop_id or 0)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = (
        "full_name",
        "email",
        "role",
        "country",
        "organization",
        "attendance",
        "listed_publicly",
    )
    autocomplete_fields = ("country", "organization")
    show_change_link = True


class OutcomeDocumentInline(TranslationStackedInline):
    model = OutcomeDocument
    extra = 0
    fields = ("kind", "title", "file", "published")


StatusChangeInline = readonly_inline(
    admin.TabularInline,
    inline_model=WorkshopStatusChange,
    fields=("changed_at", "from_status", "to_status", "changed_by", "note"),
    plural=_("workflow"),
)


def _transition_action(target: WorkshopStatus, description):
    return workflow_action(
        name=f"make_{target.value}",
        description=description,
        move=lambda workshop, by: workshop_transition(workshop=workshop, to_status=target, by=by),
        done=lambda count: (
            ngettext(
                "%(count)d workshop is now %(status)s.",
                "%(count)d workshops are now %(status)s.",
                count,
            )
            % {"count": count, "status": target.label.lower()}
        ),
    )


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin, TranslationAdmin):
    # Apps further up (objectives, ...) add their inlines here: workshops imports none of them.
    inlines = [AgendaSessionInline, ParticipantInline, OutcomeDocumentInline, StatusChangeInline]
    list_display = ("title", "status", "body", "host_country", "start_date", "modality")
    list_filter = ("status", "body", ThemeFilter, YearFilter, "host_country", "modality")
    list_select_related = ("body", "host_country")
    search_fields = (
        "title_en",
        "title_es",
        "title_fr",
        "theme_en",
        "theme_es",
        "theme_fr",
        "venue",
        "slug",
    )
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("host_country",)
    readonly_fields = ("status",)
    fieldsets = [
        (None, {"fields": ("slug", "status", "body")}),
        (
            _("Where and when"),
            {"fields": ("host_country", "modality", "venue", "start_date", "end_date")},
        ),
        *language_fieldsets(("title", "theme", "background", "methodology", "expected_outcome")),
    ]
    actions = [
        _transition_action(WorkshopStatus.APPROVED, _("Approve the selected workshops")),
        _transition_action(WorkshopStatus.SCHEDULED, _("Schedule the selected workshops")),
        _transition_action(WorkshopStatus.HELD, _("Mark the selected workshops as held")),
        _transition_action(WorkshopStatus.REPORTED, _("Mark the selected workshops as reported")),
        _transition_action(WorkshopStatus.CANCELLED, _("Cancel the selected workshops")),
    ]


@admin.register(Participant)
class ParticipantAdmin(ImportExportModelAdmin):
    resource_classes = [ParticipantResource]
    list_display = (
        "full_name",
        "workshop",
        "role",
        "country",
        "organization",
        "attendance",
        "listed_publicly",
    )
    list_filter = ("role", "attendance", "listed_publicly", "country", "workshop")
    list_select_related = ("workshop", "country", "organization")
    search_fields = ("full_name", "email", "position")
    autocomplete_fields = ("workshop", "country", "organization")

    def process_result(self, result, request):
        # The resource rolled the whole list back: a row valid in the preview no longer is.
        if result.has_validation_errors():
            count = len(result.invalid_rows)
            self.message_user(
                request,
                ngettext(
                    "Nothing was imported: %(count)d row is no longer valid. "
                    "Upload the file again to see why.",
                    "Nothing was imported: %(count)d rows are no longer valid. "
                    "Upload the file again to see why.",
                    count,
                )
                % {"count": count},
                messages.ERROR,
            )
            return redirect("admin:workshops_participant_import")
        return super().process_result(result, request)


@admin.register(OutcomeDocument)
class OutcomeDocumentAdmin(TranslationAdmin):
    list_display = ("title", "workshop", "kind", "published", "published_at")
    list_filter = ("kind", "published")
    list_select_related = ("workshop",)
    search_fields = ("title_en", "title_es", "title_fr", "workshop__title_en")
    autocomplete_fields = ("workshop",)
