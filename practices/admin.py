from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from rcm_portal.admin_layout import language_fieldsets
from translations.admin_filters import OutdatedTranslationFilter

from .models import (
    RICH_TEXT_FIELDS,
    Compilation,
    Practice,
    PracticeAttachment,
    PracticeCall,
    PracticeStatus,
    TargetPopulation,
)
from .sanitize import rich_text_html
from .services import PRACTICE_WORKFLOW


@admin.register(TargetPopulation)
class ClassificationAdmin(TranslationAdmin):
    list_display = ("name", "code", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_es", "name_fr", "code")
    prepopulated_fields = {"code": ("name_en",)}


@admin.register(PracticeCall)
class PracticeCallAdmin(TranslationAdmin):
    list_display = ("title", "workshop", "opens_at", "deadline", "is_open_now")
    list_select_related = ("workshop",)
    search_fields = ("title_en", "title_es", "title_fr", "workshop__title_en")
    autocomplete_fields = ("workshop",)
    date_hierarchy = "deadline"
    fieldsets = [
        (None, {"fields": ("workshop", "opens_at", "deadline")}),
        *language_fieldsets(("title", "introduction")),
    ]

    @admin.display(description=_("open now"), boolean=True)
    def is_open_now(self, call):
        return call.is_open(timezone.now())


class AttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0
    fields = ("file", "original_name", "uploaded_at")
    readonly_fields = ("uploaded_at",)


StatusChangeInline = PRACTICE_WORKFLOW.admin_history(plural=_("workflow"))


@admin.register(Practice)
class PracticeAdmin(TranslationAdmin):
    inlines = [AttachmentInline, StatusChangeInline]
    list_display = (
        "title",
        "country",
        "status",
        "call",
        "submitted_at",
        "is_example",
        "review_link",
    )
    list_filter = (
        "status",
        "country",
        "themes",
        "target_populations",
        "language",
        "call",
        "is_example",
        OutdatedTranslationFilter,
    )
    list_select_related = ("country", "call")
    search_fields = (
        "title_en",
        "title_es",
        "title_fr",
        "summary_en",
        "summary_es",
        "summary_fr",
        "implementing_organization",
    )
    autocomplete_fields = ("country", "call")
    filter_horizontal = ("target_populations", "themes", "gcm_objectives")
    readonly_fields = ("status", "created_by", "submitted_at", "published_at", "text_as_shown")
    date_hierarchy = "submitted_at"
    fieldsets = [
        (None, {"fields": ("status", "country", "language", "call", "created_by", "is_example")}),
        *language_fieldsets(("title", "summary")),
        (
            _("The practice"),
            {
                "fields": (
                    "implementing_organization",
                    ("period_start", "period_end"),
                    "problem",
                    "approach",
                    "results",
                    "lessons_learned",
                    "text_as_shown",
                )
            },
        ),
        (_("Classification"), {"fields": ("target_populations", "themes", "gcm_objectives")}),
        (
            _("Contact (never published)"),
            {"fields": ("contact_name", "contact_email", "contact_phone")},
        ),
        (_("Dates"), {"fields": ("submitted_at", "published_at")}),
    ]
    actions = PRACTICE_WORKFLOW.admin_actions(
        {
            PracticeStatus.IN_REVIEW: _("Start reviewing the selected practices"),
            PracticeStatus.PUBLISHED: _("Publish the selected accepted practices"),
        },
        permissions=("review",),
    )

    def has_review_permission(self, request):
        return request.user.has_perm("practices.review_practice")

    @admin.display(description=_("as the public pages show it"))
    def text_as_shown(self, practice):
        """The rich text rendered as on the public page and in the PDF."""
        return (
            format_html_join(
                "",
                '<div class="rich"><strong>{}</strong>{}</div>',
                (
                    (
                        Practice._meta.get_field(name).verbose_name,
                        rich_text_html(getattr(practice, name)),
                    )
                    for name in RICH_TEXT_FIELDS
                    if getattr(practice, name)
                ),
            )
            or "—"
        )

    @admin.display(description=_("review"))
    def review_link(self, practice):
        return format_html(
            '<a href="{}">{}</a>', reverse("practices:review", args=[practice.pk]), _("Review")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Compilation)
class CompilationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "call", "created_at")
    readonly_fields = ("call", "filters", "key", "created_at")

    def has_add_permission(self, request):
        return False
