from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Report
from .selectors import reports_stuck
from .services import report_retry


class StuckFilter(admin.SimpleListFilter):
    """The reports the health checks count as stuck."""

    title = _("stuck")
    parameter_name = "stuck"

    def lookups(self, request, model_admin):
        return [("yes", _("Waiting longer than a render may last"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset & reports_stuck()
        return queryset


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "language",
        "state",
        "page_count",
        "size",
        "created_at",
        "finished_at",
    )
    list_filter = ("state", StuckFilter, "kind", "language")
    search_fields = ("title", "sha256", "content_hash")
    date_hierarchy = "created_at"
    actions = ["retry_reports"]
    readonly_fields = [
        "id",
        "kind",
        "source_type",
        "source_id",
        "language",
        "title",
        "content_hash",
        "state",
        "file",
        "page_count",
        "size",
        "sha256",
        "error",
        "attempts",
        "created_at",
        "queued_at",
        "started_at",
        "finished_at",
    ]
    exclude = ("content",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Render the selected failed reports again"), permissions=["view"])
    def retry_reports(self, request, queryset):
        count = sum(report_retry(report=report) for report in queryset)
        self.message_user(
            request,
            ngettext("%(count)d report queued again.", "%(count)d reports queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
