from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from rcm_portal.admin_layout import language_fieldsets
from translations.admin_filters import OutdatedTranslationFilter

from .models import (
    AgendaSession,
    OutcomeDocument,
    Participant,
    ParticipantImportJob,
    RcmBody,
    Theme,
    Workshop,
    WorkshopStatus,
)
from .resources import ParticipantResource
from .selectors import (
    participant_import_error_rows,
    participant_import_headings,
    participant_import_state,
    participant_imports_recent,
)
from .services import (
    WORKSHOP_WORKFLOW,
    participant_import_confirm,
    participant_import_create,
)
from .spreadsheets import import_limits, spreadsheet_check_upload


@admin.register(RcmBody)
class RcmBodyAdmin(TranslationAdmin):
    list_display = ("name", "acronym", "code", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_es", "name_fr", "acronym")


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ("name", "code", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_es", "name_fr", "code")
    prepopulated_fields = {"code": ("name_en",)}


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


StatusChangeInline = WORKSHOP_WORKFLOW.admin_history(plural=_("workflow"))


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin, TranslationAdmin):
    # Apps further up (objectives, ...) add their inlines here: workshops imports none of them.
    inlines = [AgendaSessionInline, ParticipantInline, OutcomeDocumentInline, StatusChangeInline]
    list_display = (
        "title",
        "status",
        "body",
        "host_country",
        "start_date",
        "modality",
        "is_example",
    )
    list_filter = (
        "status",
        "body",
        "theme",
        YearFilter,
        "host_country",
        "modality",
        "is_example",
        OutdatedTranslationFilter,
    )
    list_select_related = ("body", "host_country", "theme")
    search_fields = (
        "title_en",
        "title_es",
        "title_fr",
        "theme__name_en",
        "theme__name_es",
        "theme__name_fr",
        "venue",
        "slug",
    )
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("host_country",)
    readonly_fields = ("status",)
    fieldsets = [
        (None, {"fields": ("slug", "status", "body", "theme", "is_example")}),
        (
            _("Where and when"),
            {"fields": ("host_country", "modality", "venue", "start_date", "end_date")},
        ),
        *language_fieldsets(("title", "background", "methodology", "expected_outcome")),
    ]
    actions = WORKSHOP_WORKFLOW.admin_actions(
        {
            WorkshopStatus.APPROVED: _("Approve the selected workshops"),
            WorkshopStatus.SCHEDULED: _("Schedule the selected workshops"),
            WorkshopStatus.HELD: _("Mark the selected workshops as held"),
            WorkshopStatus.REPORTED: _("Mark the selected workshops as reported"),
            WorkshopStatus.CANCELLED: _("Cancel the selected workshops"),
        }
    )


class ParticipantImportForm(ImportForm):
    """The upload form, refusing in the request what is too large to import. It reads no
    row: only sizes, the zip's directory and the line count, all bounded by the size cap."""

    def __init__(self, formats, resources, **kwargs):
        self.formats = formats
        super().__init__(formats, resources, **kwargs)
        limits = import_limits()
        self.fields["import_file"].help_text = _(
            "CSV (UTF-8) or Excel (XLSX), up to %(size)d MB and %(rows)d rows. Larger lists "
            "are split into several files."
        ) % {"size": limits.max_upload_bytes // (1024 * 1024), "rows": limits.max_rows}

    def file_format(self) -> str:
        return self.formats[int(self.cleaned_data["format"])]().get_title()

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("import_file")
        if upload is not None and cleaned_data.get("format") not in (None, ""):
            try:
                spreadsheet_check_upload(
                    upload, file_format=self.file_format(), limits=import_limits()
                )
            except ValidationError as error:
                self.add_error("import_file", error)
        return cleaned_data


@admin.register(Participant)
class ParticipantAdmin(ImportExportModelAdmin):
    resource_classes = [ParticipantResource]
    import_form_class = ParticipantImportForm
    # The two formats the Secretariat uses; each is checked for its own way to be too large.
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    import_template_name = "admin/workshops/participant/import.html"
    import_job_template_name = "admin/workshops/participant/import_job.html"
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

    def has_import_permission(self, request):
        # An import adds and changes participants: it needs both permissions.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "import/<int:job_id>/",
                wrap(self.import_job_view),
                name=f"{prefix}_import_job",
            ),
            path(
                "import/<int:job_id>/progress/",
                wrap(self.import_job_progress_view),
                name=f"{prefix}_import_progress",
            ),
            path(
                "import/<int:job_id>/confirm/",
                wrap(self.import_job_confirm_view),
                name=f"{prefix}_import_confirm",
            ),
            *super().get_urls(),
        ]

    def import_action(self, request, **kwargs):
        """The upload: checked, stored and queued; the worker previews it. The rows are
        read by the worker, never here."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method == "POST" and form.is_valid():
            job = participant_import_create(
                upload=form.cleaned_data["import_file"],
                file_format=form.file_format(),
                by=request.user,
                language=get_language(),
            )
            return redirect(self._job_url(job))
        resources = [resource() for resource in self.get_import_resource_classes(request)]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "fields_list": [
                (
                    resource.get_display_name(),
                    [field.column_name for field in resource.get_user_visible_fields()],
                )
                for resource in resources
            ],
            "import_error_display": self.import_error_display,
            "recent_imports": participant_imports_recent(user=request.user),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        # Imports are confirmed on their job's page and run by the worker.
        if not self.has_import_permission(request):
            raise PermissionDenied
        return redirect("admin:workshops_participant_import")

    def _job_url(self, job) -> str:
        return reverse("admin:workshops_participant_import_job", args=[job.pk])

    def _job(self, request, job_id) -> ParticipantImportJob:
        if not self.has_import_permission(request):
            raise PermissionDenied
        return get_object_or_404(ParticipantImportJob, pk=job_id)

    @method_decorator(require_GET)
    def import_job_view(self, request, job_id):
        """Where the upload stands: progress while the worker reads it, then the preview
        to confirm (or the rows to correct), then the result."""
        job = self._job(request, job_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import of %(file)s") % {"file": job.file_name},
            "opts": self.opts,
            "job": job,
            "state": participant_import_state(job),
            "headings": participant_import_headings(job),
            "error_rows": participant_import_error_rows(job),
            "changelist_url": reverse("admin:workshops_participant_changelist"),
            "import_url": reverse("admin:workshops_participant_import"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_job_template_name], context)

    @method_decorator(require_GET)
    def import_job_progress_view(self, request, job_id):
        """The same progress as JSON, for the page's script to follow without reloading."""
        state = participant_import_state(self._job(request, job_id))
        return JsonResponse(
            {
                "status": state.status,
                "running": state.running,
                "rows_done": state.rows_done,
                "rows_total": state.rows_total,
                "text": state.text,
            },
            headers={"Cache-Control": "no-store"},
        )

    @method_decorator(require_POST)
    def import_job_confirm_view(self, request, job_id):
        job = self._job(request, job_id)
        if not participant_import_confirm(job=job, by=request.user):
            self.message_user(
                request, _("This import is not waiting for a confirmation."), messages.WARNING
            )
        return redirect(self._job_url(job))


@admin.register(OutcomeDocument)
class OutcomeDocumentAdmin(TranslationAdmin):
    list_display = ("title", "workshop", "kind", "published", "published_at")
    list_filter = ("kind", "published")
    list_select_related = ("workshop",)
    search_fields = ("title_en", "title_es", "title_fr", "workshop__title_en")
    autocomplete_fields = ("workshop",)
