from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rcm_portal.downloads import ViewServedFileField
from rcm_portal.examples import example_field
from workshops.models import StatusChange
from workshops.validators import unguessable_upload_path, validate_document


class RoadmapStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


# A draft is the Secretariat's work in progress: nobody else sees it.
PUBLIC_STATUSES = (RoadmapStatus.ADOPTED, RoadmapStatus.IN_PROGRESS, RoadmapStatus.CLOSED)
# Delegates report progress only on a roadmap being carried out.
REPORTING_STATUSES = (RoadmapStatus.ADOPTED, RoadmapStatus.IN_PROGRESS)
# Where the Secretariat may move a roadmap from each status (roadmaps.services).
ROADMAP_TRANSITIONS = {
    RoadmapStatus.DRAFT: (RoadmapStatus.ADOPTED,),
    RoadmapStatus.ADOPTED: (RoadmapStatus.IN_PROGRESS, RoadmapStatus.CLOSED, RoadmapStatus.DRAFT),
    RoadmapStatus.IN_PROGRESS: (RoadmapStatus.CLOSED,),
    RoadmapStatus.CLOSED: (RoadmapStatus.IN_PROGRESS,),
}


class Roadmap(models.Model):
    """A regional roadmap: lines of action, each with actions that countries carry out."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    origin_workshops = models.ManyToManyField(
        "workshops.Workshop",
        verbose_name=_("origin workshops"),
        blank=True,
        related_name="roadmaps",
        help_text=_("The workshops whose conclusions the roadmap carries out."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RoadmapStatus.choices, default=RoadmapStatus.DRAFT
    )
    is_example = example_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RoadmapStatus.values), name="roadmap_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="roadmap_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmaps:dashboard", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def accepts_updates(self) -> bool:
        return self.status in REPORTING_STATUSES


class LineOfAction(models.Model):
    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="lines"
    )
    title = models.CharField(_("title"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("line of action")
        verbose_name_plural = _("lines of action")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")


# The Secretariat may give an action any status other than the one it has.
ACTION_TRANSITIONS = {
    status: tuple(other for other in ActionStatus if other != status) for status in ActionStatus
}


class Action(models.Model):
    line = models.ForeignKey(
        LineOfAction,
        verbose_name=_("line of action"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    title = models.CharField(_("title"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    responsible_countries = models.ManyToManyField(
        "members.Country",
        verbose_name=_("responsible countries"),
        blank=True,
        related_name="roadmap_actions",
    )
    partner_organizations = models.ManyToManyField(
        "members.Organization",
        verbose_name=_("partner organizations"),
        blank=True,
        related_name="roadmap_actions",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    gcm_objectives = models.ManyToManyField(
        "objectives.GcmObjective",
        verbose_name=_("GCM objectives"),
        blank=True,
        related_name="roadmap_actions",
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["line__position", "line_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__gte=F("start_date")),
                name="action_due_after_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=255)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


def evidence_upload_to(update, filename: str) -> str:
    return unguessable_upload_path(folder="roadmaps", filename=filename, fallback="evidence")


def evidence_url(update, field) -> str:
    return reverse("roadmaps:evidence", kwargs={"pk": update.pk})


class ProgressUpdate(models.Model):
    """What a responsible country reports on an action: how far it is, and what was done."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates"
    )
    country = models.ForeignKey(
        "members.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="roadmap_updates",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    percentage = models.PositiveSmallIntegerField(
        _("progress (%)"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("How much of the action is done, from 0 to 100."),
    )
    narrative = models.TextField(_("what was done"))
    evidence = ViewServedFileField(
        _("evidence"),
        upload_to=evidence_upload_to,
        download_url=evidence_url,
        max_length=255,
        blank=True,
        validators=[validate_document],
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_updates",
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage__gte=0) & Q(percentage__lte=100),
                name="progress_update_percentage_range",
                violation_error_message=_("The progress is a percentage from 0 to 100."),
            ),
        ]
        indexes = [models.Index(fields=["action", "-date", "-id"])]

    def __str__(self):
        return f"{self.action} — {self.country} ({self.date}: {self.percentage}%)"


class IndicatorMeasurement(models.Model):
    """The value of one of the action's indicators, as a country measured it in an update."""

    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "indicator"],
                name="indicator_measurement_once_per_update",
                violation_error_message=_("An update reports each indicator once."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class RoadmapStatusChange(StatusChange):
    """One step of a roadmap's workflow: from which status to which, who, and when."""

    subject_field = "roadmap"

    roadmap = models.ForeignKey(
        Roadmap,
        verbose_name=_("roadmap"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=RoadmapStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=RoadmapStatus.choices)
    note = models.TextField(_("note"), blank=True)


class ActionStatusChange(StatusChange):
    """A change of the status the Secretariat gives an action: who, when, from, to."""

    subject_field = "action"

    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ActionStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ActionStatus.choices)
    note = models.TextField(_("note"), blank=True)
