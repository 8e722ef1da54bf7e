import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rcm_portal.downloads import ViewServedFileField
from rcm_portal.examples import example_field

from .validators import document_upload_to, validate_document


class RcmBody(models.Model):
    """An RCM body that convenes meetings (Vice-Ministerial Meeting, RCGM, networks...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("RCM body")
        verbose_name_plural = _("RCM bodies")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """A theme of the RCM's work: one list for workshops and the practices they gather."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class WorkshopStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Reported")
    CANCELLED = "cancelled", _("Cancelled")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class Workshop(models.Model):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    body = models.ForeignKey(
        RcmBody,
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshops",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshops",
    )
    host_country = models.ForeignKey(
        "members.Country",
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_workshops",
    )
    modality = models.CharField(_("modality"), max_length=10, choices=Modality.choices, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkshopStatus.choices, default=WorkshopStatus.PROPOSED
    )
    background = models.TextField(_("background"), blank=True)
    methodology = models.TextField(_("methodology"), blank=True)
    expected_outcome = models.TextField(_("expected outcome"), blank=True)
    is_example = example_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = [F("start_date").desc(nulls_last=True), "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | (Q(start_date__isnull=False) & Q(end_date__gte=F("start_date"))),
                name="workshop_end_not_before_start",
                violation_error_message=_(
                    "The end date cannot be before the start date, and needs a start date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=WorkshopStatus.values), name="workshop_status_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"slug": self.slug})


# The workflow: each status and the statuses it may move to.
WORKSHOP_TRANSITIONS = {
    WorkshopStatus.PROPOSED: (WorkshopStatus.APPROVED, WorkshopStatus.CANCELLED),
    WorkshopStatus.APPROVED: (WorkshopStatus.SCHEDULED, WorkshopStatus.CANCELLED),
    WorkshopStatus.SCHEDULED: (WorkshopStatus.HELD, WorkshopStatus.CANCELLED),
    WorkshopStatus.HELD: (WorkshopStatus.REPORTED,),
    WorkshopStatus.REPORTED: (),
    WorkshopStatus.CANCELLED: (),
}


class StatusChange(models.Model):
    """One step of a workflow: who took it and when. Each workflow's record adds what it
    concerns and the statuses it moves between (`from_status`, `to_status`), and names,
    for `rcm_portal.workflow`, the field of what it concerns and the field of its note."""

    subject_field: str
    note_field = "note"

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        abstract = True
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class WorkshopStatusChange(StatusChange):
    """One step of a workshop's workflow: from which status to which, who, and when."""

    subject_field = "workshop"

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=10, choices=WorkshopStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=WorkshopStatus.choices)
    note = models.TextField(_("note"), blank=True)


class ParticipantRole(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    SECRETARIAT = "secretariat", _("Technical Secretariat")
    OBSERVER = "observer", _("Observer organization")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    EXPERT = "expert", _("Expert / speaker")
    MODERATOR = "moderator", _("Moderator")


class Attendance(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class Participant(models.Model):
    """A person's registration to a workshop. Personal data is never shown in public
    unless the person agreed to be listed."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="participants"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    position = models.CharField(_("job title"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    country = models.ForeignKey(
        "members.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.INVITED
    )
    listed_publicly = models.BooleanField(
        _("agrees to be listed publicly"),
        default=False,
        help_text=_("Only then may the name appear on public pages, feeds and reports."),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["workshop", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "email"],
                condition=~Q(email=""),
                name="participant_unique_email",
                violation_error_message=_("This person is already registered to this workshop."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values), name="participant_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values), name="participant_attendance_valid"
            ),
        ]

    def __str__(self):
        return self.full_name


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    PANEL = "panel", _("Panel")
    PRESENTATION = "presentation", _("Presentation")
    WORKING_GROUP = "working_group", _("Working group")


class AgendaSession(models.Model):
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    speakers = models.ManyToManyField(
        Participant, verbose_name=_("speakers"), blank=True, related_name="sessions_as_speaker"
    )
    moderators = models.ManyToManyField(
        Participant, verbose_name=_("moderators"), blank=True, related_name="sessions_as_moderator"
    )

    class Meta:
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda")
        ordering = ["workshop", "date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        workshop = self.workshop if self.workshop_id else None
        if workshop and self.date and workshop.start_date:
            end = workshop.end_date or workshop.start_date
            if not workshop.start_date <= self.date <= end:
                raise ValidationError(
                    {"date": _("The session date must fall within the workshop's dates.")}
                )


class DocumentKind(models.TextChoices):
    CONCLUSIONS = "conclusions", _("Conclusions")
    RECOMMENDATIONS = "recommendations", _("Recommendations")
    MINUTES = "minutes", _("Minutes")
    PRESENTATION = "presentation", _("Presentation")
    COMPILED_REPORT = "compiled_report", _("Compiled report")
    OTHER = "other", _("Other")


def outcome_document_url(document, field) -> str:
    """The download of this language's file (a translated copy of the field knows its
    language); published or not, the view decides who may have it."""
    from django.utils.translation import get_language

    language = getattr(field, "language", None) or get_language()
    return reverse(
        "workshops:document_download",
        kwargs={"slug": document.workshop.slug, "pk": document.pk, "language": language},
    )


class OutcomeDocument(models.Model):
    """A document a workshop produced, with one file per language."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=255)
    file = ViewServedFileField(
        _("file"),
        upload_to=document_upload_to,
        download_url=outcome_document_url,
        max_length=255,
        blank=True,
        validators=[validate_document],
        help_text=_("PDF, Word, Excel, PowerPoint or an image, up to %(size)s MB.")
        % {"size": settings.DOCUMENT_MAX_UPLOAD_MB},
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")
        ordering = ["workshop", "kind", "id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.published and not self.published_at:
            self.published_at = timezone.now()
        elif not self.published:
            self.published_at = None
        super().save(*args, **kwargs)

    def clean(self):
        if self.published and not self.files_by_language():
            raise ValidationError(
                _("A document needs a file in at least one language to be published.")
            )

    def files_by_language(self) -> dict[str, object]:
        """The languages this document has a file in, and the file."""
        return {
            code: getattr(self, f"file_{code}")
            for code, _name in settings.LANGUAGES
            if getattr(self, f"file_{code}", None)
        }

    def file_for(self, language: str) -> tuple[str, object] | tuple[None, None]:
        """The file in `language`, or else in the first fallback language that has one."""
        files = self.files_by_language()
        for code in (language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES, *files):
            if code in files:
                return code, files[code]
        return None, None


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the preview")
    PREVIEWING = "previewing", _("Preparing the preview")
    PREVIEW_READY = "preview_ready", _("Preview ready")
    CONFIRMED = "confirmed", _("Waiting for the import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


def import_upload_to(job, filename: str) -> str:
    # A folder nobody can guess: the list holds personal data.
    return f"imports/participants/{secrets.token_urlsafe(16)}.{job.file_format}"


class ParticipantImportJob(models.Model):
    """A participant list uploaded in the admin, previewed and imported by the worker.

    The web request only stores the file; the worker reads it, twice: a dry run for the
    preview (the rows it would add or change, each bad value on its row), then, once staff
    confirm, the import itself. The file is deleted when the job ends.
    """

    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    # The uploader's language: the worker writes the preview's messages in it.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    headers = models.JSONField(_("headings"), default=list, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    totals = models.JSONField(_("totals"), default=dict, blank=True)
    #: The first rows of the preview and the rows with errors, each with its number, what
    #: the import would do and the messages: enough to decide, never the whole file.
    preview_rows = models.JSONField(_("preview rows"), default=list, blank=True)
    error_rows = models.JSONField(_("rows with errors"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant import")
        verbose_name_plural = _("participant imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="participant_import_status"
            ),
        ]

    def __str__(self):
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_IMPORT_STATUSES


RUNNING_IMPORT_STATUSES = (
    ImportStatus.QUEUED,
    ImportStatus.PREVIEWING,
    ImportStatus.CONFIRMED,
    ImportStatus.IMPORTING,
)
