from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from members.models import OrganizationKind
from rcm_portal.admin_layout import language_fieldsets
from translations.admin_filters import OutdatedTranslationFilter
from workshops.models import AgendaSession

from .models import (
    MEMBER_COUNTRY,
    RICH_TEXT_FIELDS,
    Compilation,
    Practice,
    PracticeAttachment,
    PracticeCall,
    PracticeStatus,
    TargetPopulation,
    contributor_kind_choices,
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


class ContributorKindFilter(admin.SimpleListFilter):
    """A member country, or an organization of each kind."""

    title = _("presented by")
    parameter_name = "contributor"

    def lookups(self, request, model_admin):
        return contributor_kind_choices()

    def queryset(self, request, queryset):
        value = self.value()
        if value == MEMBER_COUNTRY:
            return queryset.filter(country__isnull=False)
        if value in OrganizationKind.values:
            return queryset.filter(organization__kind=value)
        return queryset


def session_label(session: AgendaSession) -> str:
    return f"{session.workshop.title} · {session.date:%Y-%m-%d} · {session.title}"


@admin.register(Practice)
class PracticeAdmin(TranslationAdmin):
    inlines = [AttachmentInline, StatusChangeInline]
    list_display = (
        "title",
        "contributor",
        "status",
        "call",
        "submitted_at",
        "is_example",
        "review_link",
    )
    list_filter = (
        "status",
        ContributorKindFilter,
        "gender_perspective",
        "guiding_principles",
        "is_example",
        "country",
        "themes",
        "target_populations",
        "language",
        "call",
        OutdatedTranslationFilter,
    )
    list_select_related = ("country", "organization", "call")
    search_fields = (
        "title_en",
        "title_es",
        "title_fr",
        "summary_en",
        "summary_es",
        "summary_fr",
        "implementing_organization",
        "organization__name_en",
        "organization__name_es",
        "organization__name_fr",
        "organization__acronym_en",
        "organization__acronym_es",
        "organization__acronym_fr",
    )
    autocomplete_fields = (
        "country",
        "organization",
        "call",
        "countries_involved",
        "partner_organizations",
    )
    filter_horizontal = (
        "target_populations",
        "themes",
        "gcm_objectives",
        "guiding_principles",
        "presented_in",
    )
    readonly_fields = ("status", "created_by", "submitted_at", "published_at", "text_as_shown")
    date_hierarchy = "submitted_at"
    fieldsets = [
        (None, {"fields": ("status", "language", "call", "created_by", "is_example")}),
        (
            _("Presented by"),
            {
                "description": _(
                    "A member country, or else an organization: one of the two, never both."
                ),
                "fields": (
                    "country",
                    "organization",
                    "countries_involved",
                    "partner_organizations",
                ),
            },
        ),
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
        (
            _("Classification"),
            {
                "fields": (
                    "target_populations",
                    "themes",
                    "gcm_objectives",
                    "guiding_principles",
                    "gender_perspective",
                )
            },
        ),
        (_("Presented at"), {"fields": ("presented_in",)}),
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

    @admin.display(description=_("presented by"), ordering="country__name")
    def contributor(self, practice):
        return practice.contributor_label

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "presented_in":
            kwargs["queryset"] = self._sessions_offered(request)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "presented_in":
            field.label_from_instance = session_label
        return field

    def _sessions_offered(self, request):
        """The sessions of the workshop whose call the practice answers, and those it was
        already presented in; a practice that answers no call may name any session, the
        newest workshops first."""
        sessions = AgendaSession.objects.select_related("workshop")
        order = ("-workshop__start_date", "workshop_id", "date", "start_time")
        match = request.resolver_match
        practice_id = match.kwargs.get("object_id") if match else None
        practice = (
            Practice.objects.select_related("call").filter(pk=practice_id).first()
            if practice_id and str(practice_id).isdigit()
            else None
        )
        if practice is None or practice.call is None:
            return sessions.order_by(*order)
        return (
            sessions.filter(Q(workshop_id=practice.call.workshop_id) | Q(practices=practice))
            .distinct()
            .order_by(*order)
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
