from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from practices.admin import PracticeCallAdmin
from practices.models import PracticeCall

from .models import CompilationPublication, Report
from .selectors import reports_stuck
from .services import compilation_publication_request, report_retry


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


# Who may publish a call's compilation as its workshop's outcome document: those who
# publish practices and outcome documents (with their second factor, as every permission
# of staff: members.User).
PUBLISH_COMPILATION_PERMISSIONS = ("practices.review_practice", "workshops.add_outcomedocument")


# The calls for practices, as the practices app administers them, with the publication of
# their compilation, which only this app can make.
admin.site.unregister(PracticeCall)


@admin.register(PracticeCall)
class PracticeCallPublishingAdmin(PracticeCallAdmin):
    actions = ["publish_compilation"]
    change_form_template = "admin/reports/practicecall_change_form.html"

    def has_publish_permission(self, request):
        return request.user.has_perms(PUBLISH_COMPILATION_PERMISSIONS)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/publish-compilation/",
                self.admin_site.admin_view(self.publish_compilation_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_publish_compilation",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish_compilation"] = obj is not None and self.has_publish_permission(
            request
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @method_decorator(require_POST)
    def publish_compilation_view(self, request, object_id):
        """The button on a call's page: the same as the action, for this call."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        call = self.get_object(request, str(object_id))
        if call is None:
            raise Http404
        self.publish_compilation(request, PracticeCall.objects.filter(pk=call.pk))
        return redirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[call.pk])
        )

    @admin.action(
        description=_("Publish the compilation as the workshop's outcome document"),
        permissions=["publish"],
    )
    def publish_compilation(self, request, queryset):
        asked = waiting = 0
        for call in queryset.select_related("workshop"):
            _publication, created = compilation_publication_request(call=call, by=request.user)
            if created:
                asked += 1
            else:
                waiting += 1
        if asked:
            self.message_user(
                request,
                ngettext(
                    "The compilation is being prepared; it will appear among the workshop's "
                    "documents when ready.",
                    "%(count)d compilations are being prepared; each will appear among its "
                    "workshop's documents when ready.",
                    asked,
                )
                % {"count": asked},
                messages.SUCCESS,
            )
        if waiting:
            self.message_user(
                request,
                ngettext(
                    "%(count)d compilation was already being prepared: no second edition "
                    "was asked for.",
                    "%(count)d compilations were already being prepared: no second edition "
                    "was asked for.",
                    waiting,
                )
                % {"count": waiting},
                messages.WARNING,
            )


@admin.register(CompilationPublication)
class CompilationPublicationAdmin(admin.ModelAdmin):
    """Each edition asked for: by whom and when, and the document it made once published."""

    list_display = ("call", "requested_by", "requested_at", "published_at", "document")
    list_select_related = ("call", "requested_by", "document")
    list_filter = (("published_at", admin.EmptyFieldListFilter),)
    search_fields = ("call__title_en", "call__title_es", "call__title_fr")
    date_hierarchy = "requested_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
