from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutdatedTranslation
from .registry import tracked_models


class TrackedTypeFilter(admin.RelatedFieldListFilter):
    """The types of content whose translations are kept fresh, not every type."""

    def field_choices(self, field, request, model_admin):
        from django.contrib.contenttypes.models import ContentType

        types = [ContentType.objects.get_for_model(model) for model in tracked_models()]
        return [(t.pk, t.name.capitalize()) for t in types]


@admin.register(OutdatedTranslation)
class OutdatedTranslationAdmin(admin.ModelAdmin):
    """Every translation older than another language's text, to be brought up to date."""

    list_display = (
        "content",
        "content_type",
        "field",
        "language",
        "source_language",
        "outdated_since",
    )
    list_filter = (
        ("content_type", TrackedTypeFilter),
        "language",
        "source_language",
    )
    list_select_related = ("content_type",)
    date_hierarchy = "outdated_since"
    readonly_fields = (
        "content_type",
        "object_id",
        "field",
        "language",
        "source_language",
        "outdated_since",
    )
    actions = ["mark_current"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("content"))
    def content(self, row):
        model = row.content_type.model_class()
        label = f"{row.content_type.name.capitalize()} #{row.object_id}"
        if model is None:
            return label
        try:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[row.object_id],
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.action(
        description=_("Mark the selected translations as up to date"), permissions=["delete"]
    )
    def mark_current(self, request, queryset):
        count = queryset.count()
        queryset.delete()
        self.message_user(
            request,
            ngettext(
                "%(count)d translation is marked up to date.",
                "%(count)d translations are marked up to date.",
                count,
            )
            % {"count": count},
        )
