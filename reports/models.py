import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from practices.models import PracticeCall
from rcm_portal.downloads import ViewServedFileField
from workshops.models import OutcomeDocument


class ReportKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop report")
    DECLARATION = "declaration", _("Declaration")
    INITIATIVES = "initiatives", _("Compilation of initiatives")
    ROADMAP = "roadmap", _("Roadmap progress report")


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def report_upload_to(report, filename):
    return f"reports/{report.kind}/{report.language}/{report.id}.pdf"


def report_file_url(report, field) -> str:
    return reverse("reports:download", kwargs={"pk": report.pk})


class Report(models.Model):
    """A compiled PDF of one source object, in one language, for one version of its content.

    `content` is the snapshot the PDF is rendered from, and `content_hash` its digest:
    asking again for unchanged content finds this row instead of rendering again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("source type"), on_delete=models.CASCADE
    )
    source_id = models.PositiveBigIntegerField(_("source id"))
    source = GenericForeignKey("source_type", "source_id")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=255)
    content = models.JSONField(_("content"), editable=False)
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.QUEUED
    )
    file = ViewServedFileField(
        _("file"), upload_to=report_upload_to, blank=True, download_url=report_file_url
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    started_at = models.DateTimeField(_("rendering started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["source_type", "source_id", "kind", "language"])]
        permissions = [
            ("request_beyond_public_limits", _("Can ask for reports beyond the public limits")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "kind", "language", "content_hash"],
                name="report_one_per_content",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.READY) | ~Q(file=""),
                name="report_ready_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_language_display()})"

    def get_absolute_url(self):
        return reverse("reports:status", kwargs={"pk": self.pk})

    @property
    def is_pending(self):
        return self.state in (ReportState.QUEUED, ReportState.RENDERING)

    @property
    def filename(self):
        return f"{slugify(self.title)[:80] or 'report'}-{self.language}.pdf"


class CompilationPublication(models.Model):
    """The Secretariat's publication of a call's compiled initiatives as its workshop's
    outcome document: asked for in the administration, rendered in the worker in every
    language, and written as one document holding copies of the PDFs, so that it stays as
    published whatever happens to the practices afterwards. Each publication is a new
    edition; the earlier ones stay listed, marked as superseded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    call = models.ForeignKey(
        PracticeCall,
        verbose_name=_("call for practices"),
        on_delete=models.CASCADE,
        related_name="publications",
    )
    document = models.OneToOneField(
        OutcomeDocument,
        verbose_name=_("outcome document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="compilation_publication",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("published compilation")
        verbose_name_plural = _("published compilations")
        ordering = ["-requested_at"]

    def __str__(self):
        return str(self.call)

    @property
    def is_pending(self) -> bool:
        return self.published_at is None
