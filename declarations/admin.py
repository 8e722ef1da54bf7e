from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from rcm_portal.admin_layout import language_fieldsets
from rcm_portal.workflow import workflow_action
from translations.admin_filters import OutdatedTranslationFilter

from .models import (
    Amendment,
    AmendmentStatus,
    Declaration,
    DeclarationStatus,
    Paragraph,
)
from .selectors import paragraph_versions
from .services import DECLARATION_WORKFLOW, amendment_accept, amendment_reject


class ParagraphInline(TranslationStackedInline):
    model = Paragraph
    extra = 0
    fields = (("kind", "position", "deleted"), "text", "version")
    readonly_fields = ("version",)
    ordering = ("position", "id")


StatusChangeInline = DECLARATION_WORKFLOW.admin_history(plural=_("workflow"))


def _text_changed(form) -> bool:
    return any(name.startswith("text") for name in form.changed_data)


@admin.register(Declaration)
class DeclarationAdmin(TranslationAdmin):
    inlines = [ParagraphInline, StatusChangeInline]
    list_display = ("title", "kind", "status", "adopted_on", "is_example", "negotiation_link")
    list_filter = ("status", "kind", "body", "is_example")
    list_select_related = ("body",)
    search_fields = ("title_en", "title_es", "title_fr", "meeting_en", "meeting_es", "meeting_fr")
    filter_horizontal = ("workshops", "adopting_countries")
    readonly_fields = ("status",)
    date_hierarchy = "adopted_on"
    fieldsets = [
        (None, {"fields": ("status", "kind", "body", "meeting_date", "workshops", "is_example")}),
        *language_fieldsets(("title", "meeting")),
        (_("Adoption"), {"fields": ("adopted_on", "adopting_countries")}),
    ]
    actions = DECLARATION_WORKFLOW.admin_actions(
        {
            DeclarationStatus.UNDER_NEGOTIATION: _("Open the selected drafts for negotiation"),
            DeclarationStatus.DRAFT: _("Return the selected to the draft stage"),
            DeclarationStatus.ADOPTED: _(
                "Record the adoption (date and adopting countries set on each)"
            ),
            DeclarationStatus.PUBLISHED: _("Publish the selected adopted texts"),
        }
    )

    @admin.display(description=_("negotiation"))
    def negotiation_link(self, declaration):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("declarations:negotiation", args=[declaration.pk]),
            _("Amendments"),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is Paragraph:
            # A changed text is a new version: forms opened on the old one can tell.
            for paragraph_form in formset.forms:
                instance = paragraph_form.instance
                if instance.pk and paragraph_form.has_changed() and _text_changed(paragraph_form):
                    instance.version += 1
        super().save_formset(request, form, formset, change)


@admin.register(Paragraph)
class ParagraphAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Each paragraph with every version of its text (the history button)."""

    list_display = ("__str__", "declaration", "kind", "position", "version", "deleted")
    list_filter = ("declaration", "kind", "deleted", OutdatedTranslationFilter)
    list_select_related = ("declaration",)
    search_fields = ("text_en", "text_es", "text_fr")
    readonly_fields = ("version",)
    fields = ("declaration", ("kind", "position", "deleted"), "text", "version")
    history_list_display = ("version", "deleted")
    object_history_template = "admin/declarations/paragraph/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        paragraph = self.get_object(request, unquote(object_id))
        if paragraph is not None:
            extra_context = {
                **(extra_context or {}),
                "language_versions": paragraph_versions(paragraph=paragraph),
            }
        return super().history_view(request, object_id, extra_context=extra_context)

    def save_model(self, request, obj, form, change):
        if change and _text_changed(form):
            obj.version += 1
        super().save_model(request, obj, form, change)


def _decision_action(name, description, decide, status: AmendmentStatus):
    return workflow_action(
        name=name,
        description=description,
        move=lambda amendment, by: decide(amendment=amendment, by=by),
        done=lambda count: (
            ngettext(
                "%(count)d amendment is now “%(status)s”.",
                "%(count)d amendments are now “%(status)s”.",
                count,
            )
            % {"count": count, "status": status.label}
        ),
        permissions=("review",),
    )


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    """Delegates propose on the portal; the Secretariat decides here or on the review page
    (where it can also merge with edited text)."""

    list_display = (
        "id",
        "declaration",
        "paragraph",
        "country",
        "action",
        "language",
        "status",
        "created_at",
        "review_link",
    )
    list_filter = ("status", "country", "paragraph__declaration", "action", "language")
    list_select_related = ("paragraph__declaration", "country")
    search_fields = ("text", "rationale", "country__name_en", "paragraph__text_en")
    date_hierarchy = "created_at"
    readonly_fields = (
        "paragraph",
        "country",
        "proposed_by",
        "action",
        "language",
        "text",
        "rationale",
        "base_version",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_note",
        "applied_text",
        "inserted_paragraph",
    )
    actions = [
        _decision_action(
            "accept",
            _("Accept the selected amendments as proposed"),
            amendment_accept,
            AmendmentStatus.ACCEPTED,
        ),
        _decision_action(
            "reject",
            _("Reject the selected amendments"),
            amendment_reject,
            AmendmentStatus.REJECTED,
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_review_permission(self, request):
        return request.user.has_perm("declarations.review_amendment")

    @admin.display(description=_("declaration"), ordering="paragraph__declaration")
    def declaration(self, amendment):
        return amendment.paragraph.declaration

    @admin.display(description=_("review"))
    def review_link(self, amendment):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("declarations:review_amendment", args=[amendment.pk]),
            _("Review"),
        )
