from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboxMessage, WorkerHeartbeat
from .selectors import outbox_overdue
from .services import outbox_retry


class OverdueFilter(admin.SimpleListFilter):
    """The messages the health checks count as overdue (HEALTH_OUTBOX_OVERDUE_SECONDS)."""

    title = _("overdue hand-over")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Not handed over in time"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset & outbox_overdue()
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("key", "handler", "state", "attempts", "created_at", "available_at", "done_at")
    list_filter = ("state", OverdueFilter, "handler")
    search_fields = ("key",)
    date_hierarchy = "created_at"
    actions = ["retry_messages"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try the selected failed messages again"), permissions=["view"])
    def retry_messages(self, request, queryset):
        count = sum(outbox_retry(message=message) for message in queryset)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("hostname", "seen_at")
    readonly_fields = ("hostname", "seen_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
